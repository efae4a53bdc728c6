package com.speedy.runtime.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;

/**
 * A fresh, empty database on the real PostgreSQL server that {@code bin/setup} installs, dropped again by
 * {@link #close()}. Where the server is comes from SPEEDY_TEST_PGHOST / SPEEDY_TEST_PGPORT (default localhost:5432);
 * the role is {@code speedy_test}. If the server is not there, the test fails and says how to fix it: these tests never
 * skip.
 */
public final class TestDatabase implements AutoCloseable {
    public static final String USER = "speedy_test";
    public static final String PASSWORD = "speedy_test";

    private final String host;
    private final int port;
    private final String name;

    private TestDatabase(String host, int port, String name) {
        this.host = host;
        this.port = port;
        this.name = name;
    }

    public static TestDatabase create() {
        String host = System.getenv().getOrDefault("SPEEDY_TEST_PGHOST", "localhost");
        int port = Integer.parseInt(System.getenv().getOrDefault("SPEEDY_TEST_PGPORT", "5432"));
        String name = "speedy_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = admin(host, port); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL for the tests is not reachable as " + USER + "@" + host + ":"
                    + port + " (" + e.getMessage() + "). Run `sudo bin/setup` once: it installs and starts PostgreSQL"
                    + " and creates the test role.", e);
        }
        return new TestDatabase(host, port, name);
    }

    public DatabaseSettings settings() {
        return settings(host);
    }

    /** The same database reached through another host name or address (for the moved-alias tests). */
    public DatabaseSettings settings(String hostName) {
        return new DatabaseSettings(hostName, port, name, USER, PASSWORD, 4, Duration.ofSeconds(3), Duration.ofSeconds(30));
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(settings().jdbcUrl(), USER, PASSWORD);
    }

    public String name() {
        return name;
    }

    @Override
    public void close() throws SQLException {
        try (Connection c = admin(host, port); Statement s = c.createStatement()) {
            try {
                // A plain DROP stops an autovacuum worker in the database by itself; FORCE would refuse to.
                s.execute("DROP DATABASE IF EXISTS " + name);
            } catch (SQLException inUse) {
                // A test left a session open (a pool still closing): end it.
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }
    }

    private static Connection admin(String host, int port) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres", USER, PASSWORD);
    }
}
