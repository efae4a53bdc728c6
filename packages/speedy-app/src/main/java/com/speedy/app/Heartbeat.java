package com.speedy.app;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Writes this host's row of the {@code heartbeat} table on the primary every {@code interval}, so that a standby that
 * streams always has a recent transaction to replay: the age of its last one is then its lag, which decides whether
 * listings may be read there ({@code ReadReplica}). A write that fails (a standby, no database) is simply tried again.
 */
final class Heartbeat implements AutoCloseable {
    private final DataSource primary;
    private final String writer;
    private final ScheduledExecutorService scheduler;

    Heartbeat(DataSource primary, String writer, Duration interval) {
        this.primary = primary;
        this.writer = writer;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "heartbeat");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::beat, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One write; false when it failed. */
    boolean beat() {
        try (Connection c = primary.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO heartbeat (writer, at) VALUES (?, now())"
                     + " ON CONFLICT (writer) DO UPDATE SET at = excluded.at")) {
            s.setQueryTimeout(2);
            s.setString(1, writer);
            s.executeUpdate();
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
