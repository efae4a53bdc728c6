package com.speedy.notifier;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notifications table. A batch is claimed with {@code FOR UPDATE SKIP LOCKED} and its outcomes are written in the
 * same transaction, so that several notifier hosts never claim one notification at the same time.
 */
public final class NotificationQueue {
    private static final Logger LOG = LoggerFactory.getLogger(NotificationQueue.class);

    private static final String CLAIM = """
            SELECT id, recipient, payload::text, attempts
              FROM notifications
             WHERE status = 'pending' AND next_attempt_at <= now()
             ORDER BY id
             LIMIT ?
               FOR UPDATE SKIP LOCKED
            """;
    private static final String DELIVERED = """
            UPDATE notifications
               SET status = 'delivered', attempts = attempts + 1, delivered_at = clock_timestamp(), last_error = NULL
             WHERE id = ?
            """;
    private static final String RETRY = """
            UPDATE notifications
               SET attempts = ?, last_error = ?, next_attempt_at = clock_timestamp() + ? * interval '1 millisecond'
             WHERE id = ?
            """;
    private static final String DEAD = "UPDATE notifications SET status = 'dead', attempts = ?, last_error = ? WHERE id = ?";
    private static final String NEXT_DUE = """
            SELECT extract(epoch FROM min(next_attempt_at) - clock_timestamp()) * 1000
              FROM notifications
             WHERE status = 'pending'
            """;

    private final DataSource dataSource;

    public NotificationQueue(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Claims up to {@code limit} due notifications, pushes each while {@code keepGoing} holds, records each outcome and
     * commits. Claimed notifications that were not tried stay pending as they were. Returns how many were tried.
     */
    public int deliverDue(int limit, PushGateway gateway, RetryPolicy policy, BooleanSupplier keepGoing)
            throws SQLException, InterruptedException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int tried = 0;
                for (Notification notification : claim(c, limit)) {
                    if (!keepGoing.getAsBoolean()) {
                        break;
                    }
                    record(c, notification, gateway.push(notification), policy);
                    tried++;
                }
                c.commit();
                return tried;
            } catch (SQLException | InterruptedException | RuntimeException e) {
                rollbackQuietly(c, e);
                throw e;
            }
        }
    }

    /** How long until the earliest pending notification is due (zero or negative if one is due now), if any is pending. */
    public Optional<Duration> untilNextDue() throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement(NEXT_DUE);
             ResultSet r = s.executeQuery()) {
            r.next();
            double millis = r.getDouble(1);
            return r.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis((long) Math.ceil(millis)));
        }
    }

    private static List<Notification> claim(Connection c, int limit) throws SQLException {
        List<Notification> claimed = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(CLAIM)) {
            s.setInt(1, limit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    claimed.add(new Notification(r.getLong(1), r.getString(2), r.getString(3), r.getInt(4)));
                }
            }
        }
        return claimed;
    }

    private static void record(Connection c, Notification notification, PushGateway.DeliveryResult result,
                               RetryPolicy policy) throws SQLException {
        if (result.delivered()) {
            try (PreparedStatement s = c.prepareStatement(DELIVERED)) {
                s.setLong(1, notification.id());
                s.executeUpdate();
            }
            return;
        }
        int attempts = notification.attempts() + 1;
        if (policy.exhausted(attempts)) {
            LOG.warn("notification {} to {} is dead after {} failed attempt(s): {}",
                    notification.id(), notification.recipient(), attempts, result.error());
            try (PreparedStatement s = c.prepareStatement(DEAD)) {
                s.setInt(1, attempts);
                s.setString(2, result.error());
                s.setLong(3, notification.id());
                s.executeUpdate();
            }
            return;
        }
        Duration delay = policy.delayAfter(attempts);
        LOG.info("notification {} failed (attempt {} of {}): {}; retrying in {} ms",
                notification.id(), attempts, policy.maxAttempts(), result.error(), delay.toMillis());
        try (PreparedStatement s = c.prepareStatement(RETRY)) {
            s.setInt(1, attempts);
            s.setString(2, result.error());
            s.setLong(3, delay.toMillis());
            s.setLong(4, notification.id());
            s.executeUpdate();
        }
    }

    private static void rollbackQuietly(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
