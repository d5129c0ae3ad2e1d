package com.evhotline.support;

import com.evhotline.db.EmbeddedDatabase;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The tests' PostgreSQL: one embedded server for the whole test run (held JVM-wide, so profile
 * changes that restart Quarkus do not restart it), unless {@code QUARKUS_DATASOURCE_REACTIVE_URL} points elsewhere.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedDatabase db;
    private static int agiPort;

    /** Stops the test database (fast shutdown), as an outage; {@link #startDatabase()} brings it back on the same port. */
    public static synchronized void stopDatabase() {
        database().stop();
    }

    public static synchronized void startDatabase() {
        db = EmbeddedDatabase.start(db.dataDirectory(), db.port());
    }

    /** The FastAGI port the service under test listens on (free when the run began). */
    public static synchronized int agiPort() {
        if (agiPort == 0) {
            try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
                agiPort = s.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return agiPort;
    }

    /** Stops the run's server and removes its data (a temporary directory: a run leaves nothing behind). */
    private static synchronized void closeDatabase() {
        if (db == null) {
            return;
        }
        if (db.stop()) {
            try (java.util.stream.Stream<Path> files = Files.walk(db.dataDirectory())) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                System.err.println("the test database's directory " + db.dataDirectory() + " was not removed: " + e);
            }
        }
    }

    static synchronized EmbeddedDatabase database() {
        if (db == null) {
            try {
                // the password file lies beside the cluster: inside a directory of the run's own
                Path dir = Files.createTempDirectory("hotline-test-pg").resolve("postgres");
                db = EmbeddedDatabase.start(dir);
                // the server running at the end, not this first one: an outage test stops it and starts another
                Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedPostgresResource::closeDatabase, "test-postgres-stop"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return db;
    }

    /** A plain JDBC URL to the test database, for tests that check what was written. */
    public static String jdbcUrl() {
        String external = externalUrl();
        if (external != null) {
            return com.evhotline.db.JdbcUrlFromReactiveUrl.toJdbc(external);
        }
        return database().jdbcUrl() + "?user=" + database().username() + "&password=" + database().password();
    }

    /** The embedded test database's superuser password, for tests that open pools of their own. */
    public static String password() {
        return database().password();
    }

    /** The embedded test database's port, for tests that open pools of their own. */
    public static int port() {
        return database().port();
    }

    /** The database a run was pointed at ({@code QUARKUS_DATASOURCE_REACTIVE_URL}, login included), if any. */
    private static String externalUrl() {
        String url = System.getenv("QUARKUS_DATASOURCE_REACTIVE_URL");
        return url == null || url.isBlank() ? null : url;
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new java.util.HashMap<>(Map.of(
                "hotline.agi.port", Integer.toString(agiPort()),
                "hotline.ami.host", "127.0.0.1",
                "hotline.ami.port", Integer.toString(FakePbx.ami().port()),
                "hotline.ami.username", FakePbx.USERNAME,
                "hotline.ami.password", FakePbx.SECRET));
        config.put("hotline.sms.url", FakeSmsGateway.get().url());
        config.put("hotline.sms.token", FakeSmsGateway.TOKEN);
        config.put("quarkus.mailer.host", "127.0.0.1");
        config.put("quarkus.mailer.port", Integer.toString(TestMail.get().getSmtp().getPort()));
        config.put("quarkus.mailer.from", "hotline@ev-hotline.test");
        config.put("quarkus.mailer.mock", "false");
        if (externalUrl() != null) {
            return config; // Quarkus reads the database from the environment itself
        }
        EmbeddedDatabase pg = database();
        // only the reactive URL: the JDBC URL for migrations is derived from it, as on a site
        config.put("quarkus.datasource.reactive.url", "postgresql://localhost:" + pg.port() + "/postgres");
        config.put("quarkus.datasource.username", pg.username());
        config.put("quarkus.datasource.password", pg.password());
        return config;
    }

    @Override
    public void stop() {
        // kept for the rest of the run; stopped by the JVM shutdown hook
    }
}
