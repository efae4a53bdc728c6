package com.speedy.app;

import com.speedy.runtime.database.DatabaseMonitor;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;

/**
 * Holds an API request while the database cannot serve it for a moment, instead of answering 503 at once: during
 * {@code push db switchover} the old primary shuts down and the standby is read-only until it is promoted. The work is
 * tried again once the database answers as the work needs (reachable for a read, writable for a write), for at most
 * {@code bound} from the first failure; past it the last error goes up, and the request gets 503 with Retry-After.
 *
 * <p>Only what cannot have taken effect is tried again: a read, or a write whose transaction failed before its COMMIT
 * was sent (the server never commits a transaction it was not asked to). A failure of the COMMIT itself is
 * {@link PostStore.CommitUnknown}, which is never retried here: the caller looks for the row instead. And only an
 * error that says the database is unavailable is held: no connection, the connection lost, the server shutting down
 * or starting (SQLSTATE class 08, 57P01-57P03), or a read-only server (25006). Any other error goes up at once.
 *
 * <p>At most {@code maxHeld} requests wait at a time: each holds one of the HTTP server's threads, and {@code /healthz}
 * and {@code /metrics} must still find one. A request that finds them all taken gets its error at once.
 */
final class DatabaseHold {
    /** How often a held request asks again whether the database can serve it. */
    static final Duration POLL = Duration.ofMillis(100);
    /** The bound of one question to the database, so that a hung server still lets the hold end in time. */
    private static final Duration ASK_BOUND = Duration.ofSeconds(1);

    /** Database work that may be run more than once. */
    interface Work<T> {
        T run() throws SQLException;
    }

    private final DatabaseMonitor database;
    private final Duration bound;
    private final LongSupplier nanoTime;
    private final Semaphore held;

    DatabaseHold(DatabaseMonitor database, Duration bound, int maxHeld, LongSupplier nanoTime) {
        this.database = database;
        this.bound = bound;
        this.held = new Semaphore(maxHeld);
        this.nanoTime = nanoTime;
    }

    /** A read: held while the database is unreachable, then run again. */
    <T> T read(Work<T> work) throws SQLException {
        return run(work, false);
    }

    /** A write that failed before its COMMIT: held until the database takes writes, then run again. */
    <T> T write(Work<T> work) throws SQLException {
        return run(work, true);
    }

    /**
     * Waits (within the bound) until the database takes writes, then runs {@code work} as a read: what a COMMIT whose
     * answer was lost left is known only on the primary that follows.
     */
    <T> T onceWritable(Work<T> work) throws SQLException {
        long deadline = nanoTime.getAsLong() + bound.toNanos();
        awaitServing(true, deadline);
        return read(work);
    }

    /** Whether {@code e} says the database could not serve at all, so that nothing of the work took effect. */
    static boolean unavailable(SQLException e) {
        if (e instanceof PostStore.CommitUnknown) {
            return false;
        }
        if (e instanceof SQLTransientConnectionException) {
            return true;
        }
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03") || state.equals("25006"));
    }

    private <T> T run(Work<T> work, boolean writes) throws SQLException {
        SQLException last;
        try {
            return work.run();
        } catch (SQLException e) {
            if (!unavailable(e) || !held.tryAcquire()) {
                throw e;
            }
            last = e;
        }
        try {
            long deadline = nanoTime.getAsLong() + bound.toNanos();
            while (awaitServing(writes, deadline)) {
                try {
                    return work.run();
                } catch (SQLException e) {
                    if (!unavailable(e)) {
                        throw e;
                    }
                    last = e;
                }
            }
            throw last;
        } finally {
            held.release();
        }
    }

    /** Asks until the database serves (writable, when {@code writes}); false once the deadline passed. */
    private boolean awaitServing(boolean writes, long deadline) {
        do {
            sleep();
            long left = deadline - nanoTime.getAsLong();
            if (left <= 0) {
                return false;
            }
            DatabaseMonitor.Status status = database.checkWithin(Duration.ofNanos(Math.min(left,
                    ASK_BOUND.toNanos())));
            if (status.reachable() && (status.writable() || !writes)) {
                return true;
            }
        } while (true);
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
