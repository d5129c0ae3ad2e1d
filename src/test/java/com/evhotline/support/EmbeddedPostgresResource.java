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
 * changes that restart Quarkus do not restart it), unless {@code HOTLINE_TEST_DB_URL} points elsewhere.
 */
public class EmbeddedPostgresResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedDatabase db;

    static synchronized EmbeddedDatabase database() {
        if (db == null) {
            try {
                Path dir = Files.createTempDirectory("hotline-test-pg");
                db = EmbeddedDatabase.start(dir);
                Runtime.getRuntime().addShutdownHook(new Thread(db::close, "test-postgres-stop"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return db;
    }

    /** A plain JDBC URL to the test database, for tests that check what was written. */
    public static String jdbcUrl() {
        return database().jdbcUrl() + "?user=postgres";
    }

    @Override
    public Map<String, String> start() {
        String external = System.getenv("HOTLINE_TEST_DB_URL");
        if (external != null && !external.isBlank()) {
            return Map.of("quarkus.datasource.reactive.url", external);
        }
        EmbeddedDatabase pg = database();
        // only the reactive URL: the JDBC URL for migrations is derived from it, as on a site
        return Map.of(
                "quarkus.datasource.reactive.url", "postgresql://localhost:" + pg.port() + "/postgres",
                "quarkus.datasource.username", "postgres");
    }

    @Override
    public void stop() {
        // kept for the rest of the run; stopped by the JVM shutdown hook
    }
}
