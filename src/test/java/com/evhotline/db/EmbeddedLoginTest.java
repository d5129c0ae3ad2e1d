package com.evhotline.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database lets nobody in without its password: a new cluster from its first moment, and
 * a cluster an earlier version made (which trusted every local connection) from its first start with
 * this one, its data kept.
 */
class EmbeddedLoginTest {

    @TempDir
    Path dir;

    private static Connection connect(EmbeddedDatabase db, String password) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), "postgres", password);
    }

    private static void assertRefused(EmbeddedDatabase db, String password) {
        SQLException refused = assertThrows(SQLException.class, () -> connect(db, password).close(),
                "connecting with '" + password + "'");
        assertTrue(refused.getSQLState().equals("28P01") || refused.getSQLState().equals("08004"), refused.getMessage());
    }

    @Test
    void aNewClusterAsksForThePasswordKeptBesideItForTheServiceAlone() throws Exception {
        Path pgData = dir.resolve("postgres");
        try (EmbeddedDatabase db = EmbeddedDatabase.start(pgData)) {
            assertRefused(db, "");
            assertRefused(db, "postgres");
            try (Connection c = connect(db, db.password()); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT rolpassword LIKE 'SCRAM-SHA-256$%' FROM pg_authid"
                            + " WHERE rolname = 'postgres'")) {
                rs.next();
                assertTrue(rs.getBoolean(1), "the password is kept as a SCRAM verifier");
            }
            Path file = dir.resolve("postgres.password");
            assertEquals(db.password(), Files.readAllLines(file).get(0));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals("", Files.readAllLines(pgData.resolve("postmaster.pid")).get(4).trim(), "no Unix socket");
            // the programs the service runs lie in a folder of its own (zonky unpacks them once per JVM:
            // here, beside whichever data directory was started first), never in the shared temporary directory
            Path postgres = Path.of(Postmaster.of(pgData).orElseThrow().info().command().orElseThrow());
            Path programs = postgres.getParent().getParent().getParent();
            assertEquals(EmbeddedDatabase.PROGRAMS, programs.getFileName().toString(), postgres.toString());
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(programs)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(programs.getParent())));
        }
        try (EmbeddedDatabase again = EmbeddedDatabase.start(pgData)) {
            try (Connection c = connect(again, again.password())) {
                assertTrue(c.isValid(5), "the same password after a restart");
            }
        }
    }

    @Test
    void aClusterThatTrustedEveryoneAsksForAPasswordFromItsFirstStartHereWithItsDataKept() throws Exception {
        Path pgData = dir.resolve("postgres");
        // as an earlier version made it: zonky's initdb with trust, a row written without a password
        // (its programs where the service keeps them: zonky unpacks them once per JVM, wherever it is first asked)
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(pgData).setCleanDataDirectory(false)
                .setOverrideWorkingDirectory(dir.resolve(EmbeddedDatabase.PROGRAMS).toFile())
                .setPGStartupWait(Duration.ofMinutes(1)).start();
                Connection c = old.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('written under trust')");
        }
        try (EmbeddedDatabase db = EmbeddedDatabase.start(pgData)) {
            assertRefused(db, "");
            try (Connection c = connect(db, db.password()); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
                rs.next();
                assertEquals("written under trust", rs.getString(1));
            }
        }
    }
}
