package com.evhotline.db;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the embedded database's schema to the build's migrations ({@code db/}, packaged under
 * {@code db/migration}) on the thread that started the server, while the service's classes still load; the
 * configuration then tells Quarkus' own migration at start that there is nothing left to do. A configured
 * database is migrated by Quarkus at start, with the same locations.
 */
final class EmbeddedMigration {

    static final String LOCATIONS = "classpath:db/migration";

    private EmbeddedMigration() {
    }

    /** Applies what is missing; a migration that fails leaves its transaction rolled back and stops the start. */
    static MigrateResult migrate(DataSource database) {
        return Flyway.configure(EmbeddedMigration.class.getClassLoader())
                .dataSource(database)
                .locations(LOCATIONS)
                .load()
                .migrate();
    }
}
