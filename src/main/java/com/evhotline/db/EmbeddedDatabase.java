package com.evhotline.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The service's own PostgreSQL, used when no database URL is configured: durable (fsync and
 * synchronous commit on), data kept under {@code HOTLINE_DATA_DIR}, and able to start again after
 * the previous process was killed while its postmaster lived on.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class.getName());
    private static final Duration STALE_SERVER_STOP = Duration.ofSeconds(30);
    // zonky's pg_ctl stop gives up after 5 s; a shutdown checkpoint with fsync on may need longer
    private static final Duration SERVER_STOP = Duration.ofMinutes(2);

    private final EmbeddedPostgres postgres;
    private final Path pgData;
    private final EmbeddedLogin login;
    private final Optional<ProcessHandle> server;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path pgData, EmbeddedLogin login) throws IOException {
        this.postgres = postgres;
        this.pgData = pgData;
        this.login = login;
        this.server = Postmaster.of(pgData);
    }

    /**
     * Starts the embedded database on a thread of its own, unless a database URL is configured, and
     * points Quarkus at it: the service's classes load meanwhile, and its configuration names the
     * database only once the server answers ({@link EmbeddedDatabaseConfigSource}). Empty when a
     * database is configured.
     */
    public static Optional<CompletableFuture<EmbeddedDatabase>> startInBackgroundIfNoneConfigured() {
        if (configured("quarkus.datasource.reactive.url").isPresent()) {
            LOG.info("Using the configured database; the embedded PostgreSQL is not started");
            return Optional.empty();
        }
        Path dataDir = Path.of(configured("hotline.data-dir").orElse("./data")).toAbsolutePath().normalize();
        try {
            // the database's password, its data and the calls journalled while it was down: the service's user's alone
            Files.createDirectories(dataDir);
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make the data directory " + dataDir + " private to this user", e);
        }
        CompletableFuture<EmbeddedDatabase> starting = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                EmbeddedDatabase db = start(dataDir.resolve("postgres"));
                try {
                    db.verifyDurable();
                    db.migrate();
                } catch (RuntimeException notDurableOrNotMigrated) {
                    db.close(); // the postmaster runs apart from us: do not leave it behind when we refuse to start
                    throw notDurableOrNotMigrated;
                }
                LOG.info(() -> "Embedded PostgreSQL on port " + db.port() + ", data in " + dataDir);
                starting.complete(db);
            } catch (Throwable failed) {
                starting.completeExceptionally(failed);
            }
        }, "hotline-embedded-postgres-start");
        starter.setDaemon(true);
        EmbeddedDatabaseConfigSource.serve(starting);
        starter.start();
        return Optional.of(starting);
    }

    /** The folder, beside the data directory, that holds the server's programs once unpacked. */
    static final String PROGRAMS = "postgres-programs";

    private static Path privateDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        return dir;
    }

    /** Starts a durable server on the given data directory (created on first use). */
    public static EmbeddedDatabase start(Path pgData) {
        return start(pgData, freePort());
    }

    /** Starts a durable server on the given data directory and port (a restart keeps its clients' URL). */
    public static EmbeddedDatabase start(Path pgData, int port) {
        try {
            Files.createDirectories(pgData);
            refuseIfInUse(pgData);
            EmbeddedLogin login = EmbeddedLogin.of(pgData);
            stopServerLeftBehind(pgData, login);
            boolean fresh = !Files.exists(pgData.resolve("postgresql.conf"));
            boolean trusting = !fresh && EmbeddedLogin.trustsWithoutPassword(pgData);
            if (!fresh && !trusting) {
                EmbeddedLogin.writeRules(pgData);
            }
            Path programs = privateDirectory(pgData.toAbsolutePath().getParent().resolve(PROGRAMS));
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    // the server's programs beside its data, not in a shared temporary directory where
                    // another local user could put programs of their own for the service to run
                    .setOverrideWorkingDirectory(programs.toFile())
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    // only the password lets anyone in, over loopback; no Unix socket (zonky's is world-writable in /tmp)
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("unix_socket_directories", "")
                    .setConnectConfig("password", login.password())
                    // zonky's defaults are for throw-away test databases; a hotline keeps every commit
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "200")
                    // zonky's hook would stop the server while the service still uses it; the owner stops it
                    .setRegisterShutdownHook(false)
                    // after a crash the server replays its WAL before it answers
                    .setPGStartupWait(Duration.ofMinutes(2));
            if (fresh) {
                // initdb's options: the password from the start, never a moment of trust
                builder.setLocaleConfig("auth", "scram-sha-256").setLocaleConfig("pwfile", login.file().toString());
            }
            EmbeddedPostgres pg = builder.start();
            privateDirectory(programs); // zonky opens its working directory to everyone while it unpacks
            try {
                if (fresh) {
                    EmbeddedLogin.writeRules(pgData);
                    try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                        s.execute("SELECT pg_reload_conf()"); // initdb's own rules also name the socket and replication
                    }
                } else if (trusting) {
                    try (Connection c = pg.getPostgresDatabase().getConnection()) {
                        login.requireOn(c, pgData);
                    }
                    LOG.info("The embedded PostgreSQL in " + pgData + " now asks for the password kept in "
                            + login.file() + " (it trusted local connections before)");
                }
            } catch (IOException | SQLException | RuntimeException notSecured) {
                pg.close(); // never leave a server running that still trusts local connections
                throw notSecured;
            }
            return new EmbeddedDatabase(pg, pgData, login);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the embedded PostgreSQL in " + pgData, e);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot set the embedded PostgreSQL's password in " + pgData, e);
        }
    }

    /** The superuser's password (the same as in the file beside the data directory). */
    public String password() {
        return login.password();
    }

    public String username() {
        return EmbeddedLogin.USER;
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

    /** Applies the build's migrations that the database lacks ({@link EmbeddedMigration}). */
    void migrate() {
        var result = EmbeddedMigration.migrate(postgres.getPostgresDatabase());
        if (result.migrationsExecuted > 0) {
            LOG.info(() -> "Migrated the embedded PostgreSQL's schema to version " + result.targetSchemaVersion);
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Stops the server (fast shutdown) and waits for it to exit; answers whether it did. */
    public boolean stop() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warning("Embedded PostgreSQL did not stop cleanly: " + e.getMessage());
        }
        boolean stopped = server.map(p -> Postmaster.awaitGone(p, SERVER_STOP)).orElse(true);
        if (!stopped) {
            LOG.warning("Embedded PostgreSQL still runs " + SERVER_STOP + " after it was told to stop");
        }
        return stopped;
    }

    /** Where the server keeps its data. */
    public Path dataDirectory() {
        return pgData;
    }

    /**
     * zonky holds a lock on {@code epg-lock} in the data directory for as long as its JVM lives: when we cannot take
     * it, the server there belongs to a service still running, not one left behind, and must not be stopped.
     */
    private static void refuseIfInUse(Path pgData) throws IOException {
        Path lockFile = pgData.resolve("epg-lock");
        if (!Files.exists(lockFile)) {
            return; // never started here; and initdb wants a new data directory empty
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
            if (lock == null) {
                throw new IllegalStateException(pgData + " is in use by another running service");
            }
        } catch (OverlappingFileLockException thisProcess) {
            throw new IllegalStateException(pgData + " is in use by this process already", thisProcess);
        }
    }

    /**
     * The postmaster detaches from us: after a {@code kill -9} of the service it still runs and holds
     * the data directory. Stop it cleanly before starting anew, or kill it when it will not stop.
     */
    static void stopServerLeftBehind(Path pgData, EmbeddedLogin login) throws IOException {
        Optional<ProcessHandle> server = Postmaster.of(pgData);
        if (server.isEmpty()) {
            Postmaster.removeIfStale(pgData);
            return;
        }
        ProcessHandle postmaster = server.get();
        LOG.warning("A PostgreSQL server (pid " + postmaster.pid() + ") was left running on " + pgData + "; stopping it");
        endOtherSessions(pgData, login);
        postmaster.destroy(); // smart shutdown: the sessions are gone, so it stops at once, with a checkpoint
        if (Postmaster.awaitGone(postmaster, STALE_SERVER_STOP)) {
            return;
        }
        LOG.warning("PostgreSQL " + postmaster.pid() + " did not stop in " + STALE_SERVER_STOP + "; killing it");
        // backends that outlive a killed postmaster keep its shared memory and a new server from starting
        List<ProcessHandle> backends = postmaster.descendants().toList();
        postmaster.destroyForcibly();
        backends.forEach(ProcessHandle::destroyForcibly);
        if (!Stream.concat(Stream.of(postmaster), backends.stream()).allMatch(p -> Postmaster.awaitGone(p, STALE_SERVER_STOP))) {
            throw new IllegalStateException("PostgreSQL " + postmaster.pid() + " still holds " + pgData + " and cannot be stopped");
        }
        // a killed postmaster leaves its pid file, and PostgreSQL takes it for a live server until init has reaped it
        Postmaster.removePidFile(pgData, postmaster.pid());
    }

    /**
     * Our sessions died with the killed service, but others (a PBX writing its records, an operator's psql) would hold
     * up a smart shutdown: end them as a fast shutdown would. Java sends no SIGINT, SQL can.
     */
    private static void endOtherSessions(Path pgData, EmbeddedLogin login) {
        try {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setServerNames(new String[] {"localhost"});
            ds.setPortNumbers(new int[] {Integer.parseInt(Files.readAllLines(pgData.resolve("postmaster.pid")).get(3).trim())});
            ds.setDatabaseName("postgres");
            ds.setUser(EmbeddedLogin.USER);
            ds.setPassword(login.password());
            ds.setConnectTimeout(5);
            ds.setSocketTimeout(10);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                        + " WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()");
            }
        } catch (IOException | SQLException | RuntimeException e) {
            LOG.warning("Cannot end the sessions on the PostgreSQL left running (" + e.getMessage() + "); it stops when they end");
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the embedded PostgreSQL", e);
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
