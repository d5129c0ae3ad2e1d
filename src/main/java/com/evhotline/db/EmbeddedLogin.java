package com.evhotline.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.postgresql.PGConnection;

/**
 * How the embedded server lets anyone in: only with the superuser's password (SCRAM), over
 * loopback, never through a Unix socket (it has none). The password is made at the first start,
 * kept in a file beside the data directory that only the service's user may read, and given to
 * initdb; a cluster made by an earlier version (which trusted every local connection) gets the
 * password and the rules at its first start with this one.
 */
final class EmbeddedLogin {

    static final String USER = "postgres";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final String HBA = """
            # Written by the hotline service at every start: the superuser's password (SCRAM) over loopback
            # only; the server has no Unix socket. Edits here are replaced.
            host    all    all    127.0.0.1/32    scram-sha-256
            host    all    all    ::1/128         scram-sha-256
            """;

    private final Path file;
    private final String password;

    private EmbeddedLogin(Path file, String password) {
        this.file = file;
        this.password = password;
    }

    /**
     * The login of the cluster in {@code pgData}: its password file read, or made (owner-only) for a new
     * cluster or one that still trusts everyone. A cluster that asks for a password whose file is gone
     * cannot be entered: that is said, rather than a new password made that would lock the service out.
     */
    static EmbeddedLogin of(Path pgData) throws IOException {
        Path file = fileOf(pgData);
        if (!Files.exists(file)) {
            if (Files.exists(pgData.resolve("postgresql.conf")) && !trustsWithoutPassword(pgData)) {
                throw new IllegalStateException("The embedded PostgreSQL in " + pgData + " asks for a password, and "
                        + file + " that kept it is gone: restore that file from a backup");
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String made = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Path draft = Files.createTempFile(file.getParent(), ".password", ".new",
                    PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            Files.writeString(draft, made + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(draft, file, StandardCopyOption.ATOMIC_MOVE); // whole or not at all
            } catch (FileAlreadyExistsException madeMeanwhile) {
                Files.delete(draft);
            }
        }
        Files.setPosixFilePermissions(file, OWNER_ONLY);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new IllegalStateException(file + " holds no password: restore it, or remove it together with "
                    + pgData + " to start on a new database");
        }
        return new EmbeddedLogin(file, lines.get(0).trim());
    }

    /** Where the password of the cluster in {@code pgData} is kept: beside it, as initdb wants its directory empty. */
    static Path fileOf(Path pgData) {
        return pgData.resolveSibling(pgData.getFileName() + ".password");
    }

    String password() {
        return password;
    }

    /** The file initdb takes the superuser's password from. */
    Path file() {
        return file;
    }

    /** Whether the cluster still trusts connections without a password (made by an earlier version). */
    static boolean trustsWithoutPassword(Path pgData) throws IOException {
        Path hba = pgData.resolve("pg_hba.conf");
        return Files.exists(hba) && Files.readAllLines(hba).stream().map(String::trim)
                .filter(l -> !l.startsWith("#")).anyMatch(l -> l.matches(".*\\strust(\\s.*)?$"));
    }

    /** Writes the rules, whole or not at all (the server reads them when it starts or reloads). */
    static void writeRules(Path pgData) throws IOException {
        Path draft = Files.createTempFile(pgData, "pg_hba", ".new", PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.writeString(draft, HBA, StandardCharsets.UTF_8);
        Files.move(draft, pgData.resolve("pg_hba.conf"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** On a server that still trusts everyone: sets the password, then the rules, and has them read now. */
    void requireOn(Connection trusted, Path pgData) throws SQLException, IOException {
        // hashed here (SCRAM): the password itself never reaches the server or its log
        trusted.unwrap(PGConnection.class).alterUserPassword(USER, password.toCharArray(), "scram-sha-256");
        writeRules(pgData);
        try (Statement s = trusted.createStatement()) {
            s.execute("SELECT pg_reload_conf()");
        }
    }
}
