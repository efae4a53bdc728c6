package com.speedy.runtime.database;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The database for read-only queries: {@code db-ro} while {@link ReadRoute} allows it, else the primary. A thread
 * asks {@code db-ro} about itself every {@code interval}; a read takes the latest answer, never waits for one.
 */
public final class ReadReplica implements AutoCloseable {
    private final Database primary;
    private final Database readOnly;
    private final Duration maxLag;
    private final Clock clock;
    private final ScheduledExecutorService checker;
    private volatile Optional<ReadRoute.ReplicaState> last = Optional.empty();
    /** What db-ro resolved to at the last check. */
    private String address = "";

    public ReadReplica(Database primary, Database readOnly, Duration maxLag, Duration interval, Clock clock) {
        this.primary = primary;
        this.readOnly = readOnly;
        this.maxLag = maxLag;
        this.clock = clock;
        this.checker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "read-replica-check");
            t.setDaemon(true);
            return t;
        });
        checker.scheduleWithFixedDelay(this::check, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Asks db-ro once now; the scheduler calls it too. When push moved db-ro since the last check, the pooled
     * connections (still to the server it named before, which may be a primary now) are dropped first.
     */
    void check() {
        String now = DatabaseMonitor.resolve(readOnly.settings().host());
        if (!address.isEmpty() && !now.equals(address)) {
            readOnly.reconnect();
        }
        address = now;
        last = readOnly.replicaState(clock);
    }

    /** The database a read-only query should use now. */
    public Database forReads() {
        return ReadRoute.choose(last, clock.instant(), maxLag) == ReadRoute.Target.READ_ONLY ? readOnly : primary;
    }

    @Override
    public void close() {
        checker.shutdownNow();
    }
}
