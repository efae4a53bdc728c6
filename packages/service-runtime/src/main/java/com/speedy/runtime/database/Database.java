package com.speedy.runtime.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The connection pool to PostgreSQL, set up so that it recovers by itself after the {@code db} alias moves: the pool
 * starts even while the database is down, validates connections, drops broken ones, retires every connection after a
 * while (each new one looks the alias up again), and bounds every connect and read.
 */
public final class Database implements AutoCloseable {
    private static final Duration MAX_LIFETIME = Duration.ofMinutes(5);
    private static final Duration KEEPALIVE = Duration.ofSeconds(30);
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(2);

    private final DatabaseSettings settings;
    private final HikariDataSource pool;

    private Database(DatabaseSettings settings, HikariDataSource pool) {
        this.settings = settings;
        this.pool = pool;
    }

    public static Database open(DatabaseSettings settings, String applicationName) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(applicationName);
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(0);
        // Start even when the database is unreachable; callers find out through isReachable() and retry.
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(settings.connectTimeout().plusSeconds(1).toMillis());
        config.setValidationTimeout(Math.min(2_000, settings.connectTimeout().toMillis()));
        config.setKeepaliveTime(KEEPALIVE.toMillis());
        config.setMaxLifetime(MAX_LIFETIME.toMillis());
        config.setIdleTimeout(IDLE_TIMEOUT.toMillis());
        config.addDataSourceProperty("connectTimeout", Long.toString(settings.connectTimeout().toSeconds()));
        config.addDataSourceProperty("loginTimeout", Long.toString(settings.connectTimeout().toSeconds()));
        config.addDataSourceProperty("socketTimeout", Long.toString(settings.socketTimeout().toSeconds()));
        config.addDataSourceProperty("tcpKeepAlive", "true");
        config.addDataSourceProperty("ApplicationName", applicationName);
        return new Database(settings, new HikariDataSource(config));
    }

    public DataSource dataSource() {
        return pool;
    }

    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    public DatabaseSettings settings() {
        return settings;
    }

    /**
     * Asks the server whether it is in recovery (a standby: read-only). When the query fails, every idle connection is
     * retired too, so that the next request connects afresh (and looks the alias up again) instead of trying another
     * connection to a server that is gone.
     */
    public Reachability checkReachable() {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(5);
            try (ResultSet inRecovery = s.executeQuery("SELECT pg_is_in_recovery()")) {
                inRecovery.next();
                return inRecovery.getBoolean(1) ? Reachability.READ_ONLY : Reachability.WRITABLE;
            }
        } catch (SQLException e) {
            reconnect();
            return Reachability.unreachable(rootCause(e));
        }
    }

    /**
     * What the server says of itself as a read-only target: whether it is in recovery, and how old the last
     * transaction it replayed is. Empty when it does not answer within its bound (the connections are then retired,
     * as in {@link #checkReachable()}).
     */
    public Optional<ReadRoute.ReplicaState> replicaState(Clock clock) {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(5);
            try (ResultSet r = s.executeQuery("SELECT pg_is_in_recovery(),"
                    + " (extract(epoch FROM now() - pg_last_xact_replay_timestamp()) * 1000)::bigint")) {
                r.next();
                long ageMillis = r.getLong(2);
                Optional<Duration> age = r.wasNull() ? Optional.empty() : Optional.of(Duration.ofMillis(ageMillis));
                return Optional.of(new ReadRoute.ReplicaState(clock.instant(), r.getBoolean(1), age));
            }
        } catch (SQLException e) {
            reconnect();
            return Optional.empty();
        }
    }

    /** Retires every pooled connection (those in use when they are returned): the next ones look the alias up again. */
    public void reconnect() {
        pool.getHikariPoolMXBean().softEvictConnections();
    }

    /** Hikari's own message is "request timed out"; the driver's cause says why (refused, unknown host, auth). */
    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == e || cause.getMessage() == null ? e.getMessage() : e.getMessage() + ": " + cause.getMessage();
    }

    @Override
    public void close() {
        pool.close();
    }

    /** Whether the database answered and takes writes (a standby answers read-only), and if not, why. */
    public record Reachability(boolean reachable, boolean writable, String reason) {
        public static final Reachability WRITABLE = new Reachability(true, true, "");
        public static final Reachability READ_ONLY = new Reachability(true, false, "the server is a standby (read-only)");

        static Reachability unreachable(String reason) {
            return new Reachability(false, false, reason == null ? "unknown error" : reason);
        }
    }
}
