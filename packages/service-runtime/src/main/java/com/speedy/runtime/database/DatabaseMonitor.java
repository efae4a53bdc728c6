package com.speedy.runtime.database;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the database from start-up on: retries until it answers, then applies the schema migrations, and logs each
 * change between reachable and unreachable. When the database's host name (the {@code db} alias) comes to name another
 * address, every pooled connection is dropped, so that none goes on talking to the old server. A service keeps running
 * while its database is down and reports the state through {@link #status()}.
 */
public final class DatabaseMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseMonitor.class);

    /**
     * What the service knows of its database right now.
     *
     * @param address what the database's host name resolves to now ("" when it does not resolve)
     * @param writable whether the server takes writes (a standby does not)
     */
    public record Status(boolean reachable, boolean writable, boolean schemaReady, String address, String problem) {}

    private final Database database;
    private final SchemaMigration migration;
    private final Duration interval;
    private final ScheduledExecutorService scheduler;
    /** Runs the checks that a caller waits for with a bound: one at a time, so that a hung server holds one thread. */
    private final ExecutorService asker;
    private volatile Status status = new Status(false, false, false, "", "not checked yet");
    /** The bounded check under way, which later callers join rather than queue behind. */
    private CompletableFuture<Status> asking = CompletableFuture.completedFuture(status);

    public DatabaseMonitor(Database database, SchemaMigration migration, Duration interval) {
        this.database = database;
        this.migration = migration;
        this.interval = interval;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "database-monitor");
            t.setDaemon(true);
            return t;
        });
        this.asker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "database-health-check");
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

    /**
     * One round: follow the alias, ping, and migrate once the database answers. Public so that tests can drive it step
     * by step, and so that a health check can ask afresh.
     */
    public synchronized Status check() {
        Status before = status;
        String address = resolve(database.settings().host());
        if (!before.address().isEmpty() && !address.isEmpty() && !address.equals(before.address())) {
            LOG.info("database host {} now resolves to {} (was {}): dropping pooled connections",
                    database.settings().host(), address, before.address());
            database.reconnect();
        }
        Database.Reachability reachability = database.checkReachable();
        Status after;
        if (!reachability.reachable()) {
            after = new Status(false, false, before.schemaReady(), address, reachability.reason());
            if (before.reachable() || !before.problem().equals(after.problem())) {
                LOG.warn("database {} not reachable: {}; retrying every {} s",
                        database.settings().describe(), reachability.reason(), interval.toSeconds());
            }
        } else if (!before.schemaReady() && reachability.writable()) {
            after = migrate(address);
        } else {
            after = new Status(true, reachability.writable(), before.schemaReady(), address, reachability.reason());
            if (!before.reachable()) {
                LOG.info("database {} reachable again", database.settings().describe());
            }
            if (before.writable() && !after.writable()) {
                LOG.warn("database {}: {}", database.settings().describe(), reachability.reason());
            }
        }
        status = after;
        return after;
    }

    /**
     * {@link #check()} with an answer within {@code bound} however the server behaves: a server that accepts connections
     * and never answers (stopped, overloaded, a dead link) holds a check until the connect and query timeouts, longer
     * than a load balancer or a switchover waits. Past the bound the answer is "unreachable", with that reason; the check
     * goes on in the background and the callers that come meanwhile wait for that same check.
     */
    public Status checkWithin(Duration bound) {
        CompletableFuture<Status> current;
        synchronized (asker) {
            if (asking.isDone()) {
                asking = CompletableFuture.supplyAsync(this::check, asker);
            }
            current = asking;
        }
        try {
            return current.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new Status(false, false, status.schemaReady(), resolve(database.settings().host()),
                    "the database did not answer within " + describe(bound) + " ("
                            + database.settings().describe() + ")");
        } catch (ExecutionException e) {
            return new Status(false, false, status.schemaReady(), resolve(database.settings().host()),
                    "the database check failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Status(false, false, status.schemaReady(), "", "interrupted while asking the database");
        }
    }

    private static String describe(Duration bound) {
        return bound.toMillis() % 1000 == 0 ? bound.toSeconds() + " s" : bound.toMillis() / 1000.0 + " s";
    }

    /** What {@code host} resolves to now, "" when it does not. */
    static String resolve(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            return "";
        }
    }

    private Status migrate(String address) {
        try {
            int applied = migration.migrate();
            LOG.info("database {} reachable; schema up to date ({} migration(s) applied)",
                    database.settings().describe(), applied);
            return new Status(true, true, true, address, "");
        } catch (RuntimeException e) {
            LOG.warn("schema migration failed: {}; retrying", e.getMessage());
            return new Status(true, true, false, address, "schema migration failed: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        asker.shutdownNow();
    }
}
