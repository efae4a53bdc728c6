package com.speedy.notifier;

import com.speedy.runtime.database.DatabaseMonitor;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers due notifications batch after batch, then sleeps until the listener rings, the next retry is due or the
 * poll interval has passed, whichever comes first. The poll covers the times when LISTEN is down.
 */
final class NotificationWorker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationWorker.class);
    /** While the schema is not ready, or a due row is locked by another host, look again this soon at the latest. */
    private static final Duration RECHECK = Duration.ofSeconds(1);

    private final NotificationQueue queue;
    private final PushGateway gateway;
    private final RetryPolicy policy;
    private final int batchSize;
    private final Duration pollInterval;
    private final DatabaseMonitor monitor;
    private final Wakeup wakeup;
    private volatile boolean running = true;
    private String lastProblem = "";

    NotificationWorker(NotificationQueue queue, PushGateway gateway, RetryPolicy policy, int batchSize,
                       Duration pollInterval, DatabaseMonitor monitor, Wakeup wakeup) {
        this.queue = queue;
        this.gateway = gateway;
        this.policy = policy;
        this.batchSize = batchSize;
        this.pollInterval = pollInterval;
        this.monitor = monitor;
        this.wakeup = wakeup;
    }

    @Override
    public void run() {
        try {
            while (running) {
                wakeup.await(workOnce());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops taking new work; the batch in flight finishes the notification it is pushing, then commits. */
    void stop() {
        running = false;
        wakeup.ring();
    }

    /** Delivers everything due now and returns how long to sleep. */
    private Duration workOnce() throws InterruptedException {
        if (!monitor.status().schemaReady()) {
            return shorter(RECHECK, pollInterval);
        }
        try {
            while (running && queue.deliverDue(batchSize, gateway, policy, () -> running) > 0) {
                // a batch was worked through; more may be due
            }
            Optional<Duration> nextDue = queue.untilNextDue();
            report("");
            if (nextDue.isEmpty()) {
                return pollInterval;
            }
            // Due but not claimed: another host holds it. Otherwise sleep until the next retry is due.
            Duration wait = nextDue.get().isNegative() || nextDue.get().isZero() ? RECHECK : nextDue.get();
            return shorter(wait, pollInterval);
        } catch (SQLException e) {
            report(e.getMessage() == null ? e.toString() : e.getMessage());
            return pollInterval;
        }
    }

    /** Logs a database problem once, and once when it has gone, rather than at every poll. */
    private void report(String problem) {
        if (!problem.equals(lastProblem)) {
            if (problem.isEmpty()) {
                LOG.info("notification queue reachable again");
            } else {
                LOG.warn("cannot work the notification queue: {}; trying again every {} ms", problem,
                        pollInterval.toMillis());
            }
            lastProblem = problem;
        }
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
