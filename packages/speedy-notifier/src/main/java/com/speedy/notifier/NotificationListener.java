package com.speedy.notifier;

import com.speedy.runtime.database.DatabaseSettings;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds one connection of its own that LISTENs on {@value #CHANNEL} and rings the worker's {@link Wakeup} for every
 * notification. Not a pooled connection: LISTEN belongs to one server session, which the pool would retire or hand out.
 * When the connection breaks (the server restarted, the {@code db} alias moved) it reconnects with backoff; it also
 * reconnects every {@link #MAX_LIFETIME} so that it follows a moved alias even when the old server stays up.
 */
final class NotificationListener implements Runnable {
    static final String CHANNEL = "speedy_notifications";

    private static final Logger LOG = LoggerFactory.getLogger(NotificationListener.class);
    private static final String APPLICATION_NAME = "speedy-notifier-listener";
    /** How long one wait for notifications lasts; bounds how long a stop takes. */
    private static final int WAIT_MILLIS = 500;
    /** A silent connection is checked this often, so that a dead server is noticed. */
    private static final Duration PING_INTERVAL = Duration.ofSeconds(10);
    private static final Duration MAX_LIFETIME = Duration.ofMinutes(5);
    private static final Backoff RECONNECT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));

    private final DatabaseSettings settings;
    private final Wakeup wakeup;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean listening;

    NotificationListener(DatabaseSettings settings, Wakeup wakeup) {
        this.settings = settings;
        this.wakeup = wakeup;
    }

    boolean listening() {
        return listening;
    }

    void stop() {
        stopped.countDown();
    }

    @Override
    public void run() {
        int failures = 0;
        String lastProblem = "";
        while (stopped.getCount() > 0) {
            try (Connection connection = connect()) {
                try (Statement s = connection.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                if (failures > 0) {
                    LOG.info("listening for notifications again");
                }
                failures = 0;
                lastProblem = "";
                listening = true;
                // Whatever was inserted while nobody listened is due now.
                wakeup.ring();
                listen(connection);
            } catch (SQLException e) {
                listening = false;
                failures++;
                String problem = e.getMessage() == null ? e.toString() : e.getMessage();
                Duration delay = RECONNECT.after(failures);
                if (!problem.equals(lastProblem)) {
                    LOG.warn("LISTEN connection to {} failed: {}; reconnecting with backoff up to {} s (polling meanwhile)",
                            settings.describe(), problem, RECONNECT.max().toSeconds());
                    lastProblem = problem;
                }
                if (awaitStop(delay)) {
                    break;
                }
            } finally {
                listening = false;
            }
        }
    }

    private void listen(Connection connection) throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        Instant retireAt = Instant.now().plus(MAX_LIFETIME);
        Instant pingAt = Instant.now().plus(PING_INTERVAL);
        while (stopped.getCount() > 0 && Instant.now().isBefore(retireAt)) {
            PGNotification[] notifications = pg.getNotifications(WAIT_MILLIS);
            if (notifications != null && notifications.length > 0) {
                wakeup.ring();
                pingAt = Instant.now().plus(PING_INTERVAL);
            } else if (Instant.now().isAfter(pingAt)) {
                try (Statement s = connection.createStatement()) {
                    s.setQueryTimeout(5);
                    s.execute("SELECT 1");
                }
                pingAt = Instant.now().plus(PING_INTERVAL);
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", settings.user());
        properties.setProperty("password", settings.password());
        properties.setProperty("connectTimeout", Long.toString(settings.connectTimeout().toSeconds()));
        properties.setProperty("loginTimeout", Long.toString(settings.connectTimeout().toSeconds()));
        properties.setProperty("socketTimeout", Long.toString(settings.socketTimeout().toSeconds()));
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        return DriverManager.getConnection(settings.jdbcUrl(), properties);
    }

    /** Sleeps for {@code delay} unless stopped first; returns whether stopped. */
    private boolean awaitStop(Duration delay) {
        try {
            return stopped.await(delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }
}
