package com.evhotline.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The service's own PostgreSQL, used when no database URL is configured: durable (fsync and
 * synchronous commit on), data kept under {@code HOTLINE_DATA_DIR}, and able to start again after
 * the previous process was killed while its postmaster lived on.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class.getName());
    private static final Duration STALE_SERVER_STOP = Duration.ofSeconds(30);

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts the embedded database and points Quarkus at it, unless a database URL is configured. */
    public static EmbeddedDatabase startIfNoneConfigured() {
        if (configured("quarkus.datasource.reactive.url").isPresent()) {
            LOG.info("Using the configured database; the embedded PostgreSQL is not started");
            return null;
        }
        Path dataDir = Path.of(configured("hotline.data-dir").orElse("./data")).toAbsolutePath().normalize();
        EmbeddedDatabase db = start(dataDir.resolve("postgres"));
        db.verifyDurable();
        int port = db.port();
        System.setProperty("quarkus.datasource.reactive.url", "postgresql://localhost:" + port + "/postgres");
        System.setProperty("quarkus.datasource.jdbc.url", db.jdbcUrl());
        System.setProperty("quarkus.datasource.username", "postgres");
        LOG.info(() -> "Embedded PostgreSQL on port " + port + ", data in " + dataDir);
        return db;
    }

    /** Starts a durable server on the given data directory (created on first use). */
    public static EmbeddedDatabase start(Path pgData) {
        try {
            Files.createDirectories(pgData);
            stopServerLeftBehind(pgData);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setPort(freePort())
                    // zonky's defaults are for throw-away test databases; a hotline keeps every commit
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "200")
                    .setPGStartupWait(Duration.ofMinutes(2))
                    .start();
            return new EmbeddedDatabase(pg);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL in " + pgData, e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/postgres";
    }

    /** Refuses to run on a server that would lose committed tickets after a crash. */
    public void verifyDurable() {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            for (String setting : List.of("fsync", "synchronous_commit")) {
                try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
                    rs.next();
                    if (!"on".equals(rs.getString(1))) {
                        throw new IllegalStateException("Embedded PostgreSQL runs with " + setting + "="
                                + rs.getString(1) + "; commits would not be durable");
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot check the embedded PostgreSQL's durability", e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warning("Embedded PostgreSQL did not stop cleanly: " + e.getMessage());
        }
    }

    /**
     * The postmaster detaches from us: after a {@code kill -9} of the service it still runs and holds
     * the data directory. Stop it (smart shutdown; its clients died with us) before starting anew.
     */
    static void stopServerLeftBehind(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            return;
        }
        long pid = Long.parseLong(lines.get(0).trim());
        Optional<ProcessHandle> server = ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (server.isEmpty()) {
            return; // a stale pid file: PostgreSQL itself recovers from it
        }
        LOG.warning("A PostgreSQL server (pid " + pid + ") was left running on " + pgData + "; stopping it");
        ProcessHandle handle = server.get();
        handle.destroy();
        try {
            handle.onExit().get(STALE_SERVER_STOP.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception timeoutOrInterrupt) {
            LOG.warning("PostgreSQL " + pid + " did not stop in " + STALE_SERVER_STOP + "; killing it");
            handle.destroyForcibly();
            handle.onExit().join();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Optional<String> configured(String key) {
        try {
            return ConfigProvider.getConfig().getOptionalValue(key, String.class).filter(v -> !v.isBlank());
        } catch (RuntimeException noConfigYet) {
            String env = key.toUpperCase().replaceAll("[^A-Z0-9]", "_");
            return Optional.ofNullable(System.getProperty(key, System.getenv(env))).filter(v -> !v.isBlank());
        }
    }
}
