package com.speedy.runtime.database;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the database from start-up on: retries until it answers, then applies the schema migrations, and logs each
 * change between reachable and unreachable. A service keeps running while its database is down and reports the state
 * through {@link #status()}.
 */
public final class DatabaseMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseMonitor.class);

    /** What the service knows of its database right now. */
    public record Status(boolean reachable, boolean schemaReady, String problem) {}

    private final Database database;
    private final SchemaMigration migration;
    private final Duration interval;
    private final ScheduledExecutorService scheduler;
    private volatile Status status = new Status(false, false, "not checked yet");

    public DatabaseMonitor(Database database, SchemaMigration migration, Duration interval) {
        this.database = database;
        this.migration = migration;
        this.interval = interval;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "database-monitor");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        scheduler.scheduleWithFixedDelay(this::check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Status status() {
        return status;
    }

    /** One round: ping, and migrate once the database answers. Public so that tests can drive it step by step. */
    public Status check() {
        Status before = status;
        Database.Reachability reachability = database.checkReachable();
        Status after;
        if (!reachability.reachable()) {
            after = new Status(false, before.schemaReady(), reachability.reason());
            if (before.reachable() || !before.problem().equals(after.problem())) {
                LOG.warn("database {} not reachable: {}; retrying every {} s",
                        database.settings().describe(), reachability.reason(), interval.toSeconds());
            }
        } else if (!before.schemaReady()) {
            after = migrate();
        } else {
            after = new Status(true, true, "");
            if (!before.reachable()) {
                LOG.info("database {} reachable again", database.settings().describe());
            }
        }
        status = after;
        return after;
    }

    private Status migrate() {
        try {
            int applied = migration.migrate();
            LOG.info("database {} reachable; schema up to date ({} migration(s) applied)",
                    database.settings().describe(), applied);
            return new Status(true, true, "");
        } catch (RuntimeException e) {
            LOG.warn("schema migration failed: {}; retrying", e.getMessage());
            return new Status(true, false, "schema migration failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
