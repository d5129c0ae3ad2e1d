package com.evhotline.db;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The embedded database's address in Quarkus' configuration. The server starts beside the service's
 * own start; whoever first asks for the address (the configuration of the data sources, before any
 * connection is made) waits until the server answers with its schema migrated, or learns why it did not
 * start; Quarkus' own migration at start is then off, there being nothing left for it. Answers nothing when
 * no embedded database was started (a configured database, or tests with their own).
 */
public final class EmbeddedDatabaseConfigSource implements ConfigSource {

    static final String REACTIVE_URL = "quarkus.datasource.reactive.url";
    static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    static final String USERNAME = "quarkus.datasource.username";
    static final String PASSWORD = "quarkus.datasource.password";
    static final String MIGRATE_AT_START = "quarkus.flyway.migrate-at-start";
    private static final Set<String> NAMES = Set.of(REACTIVE_URL, JDBC_URL, USERNAME, PASSWORD, MIGRATE_AT_START);

    private static volatile CompletableFuture<EmbeddedDatabase> starting;

    static void serve(CompletableFuture<EmbeddedDatabase> database) {
        starting = database;
    }

    @Override
    public Set<String> getPropertyNames() {
        return starting == null ? Set.of() : NAMES;
    }

    @Override
    public String getValue(String name) {
        CompletableFuture<EmbeddedDatabase> database = starting;
        if (database == null || !NAMES.contains(name)) {
            return null;
        }
        EmbeddedDatabase db;
        try {
            db = database.join();
        } catch (CompletionException failed) {
            throw new IllegalStateException("The embedded PostgreSQL did not start: " + failed.getCause().getMessage(),
                    failed.getCause());
        }
        return Map.of(REACTIVE_URL, "postgresql://localhost:" + db.port() + "/postgres", JDBC_URL, db.jdbcUrl(),
                USERNAME, db.username(), PASSWORD, db.password(), MIGRATE_AT_START, "false").get(name);
    }

    /** Above the system properties and the environment: the server's port is only known here. */
    @Override
    public int getOrdinal() {
        return 450;
    }

    @Override
    public String getName() {
        return "hotline-embedded-postgres";
    }
}
