package com.speedy.runtime.database;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Flyway migrations of one service's own tables. Each service keeps its own history table, so that the services can
 * share one database and migrate independently. Flyway holds a PostgreSQL advisory lock while it migrates, so several
 * hosts starting at once apply each migration exactly once.
 */
public final class SchemaMigration {
    private final Flyway flyway;

    public SchemaMigration(DataSource dataSource, String service) {
        this.flyway = Flyway.configure()
                .dataSource(dataSource)
                .table(service.replace('-', '_') + "_schema_history")
                .locations("classpath:db/migration/" + service)
                // The database may already hold another service's tables: start this service's history at 0.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .failOnMissingLocations(true)
                .load();
    }

    /** Applies pending migrations and returns the number applied. */
    public int migrate() {
        return flyway.migrate().migrationsExecuted;
    }
}
