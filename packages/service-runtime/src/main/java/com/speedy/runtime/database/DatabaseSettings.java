package com.speedy.runtime.database;

import com.speedy.runtime.config.ConfigReader;
import java.time.Duration;

/**
 * Where the database is and how long to wait for it. {@code host} is normally the alias {@code db}, which a failover
 * points at another address.
 */
public record DatabaseSettings(
        String host, int port, String name, String user, String password,
        int poolSize, Duration connectTimeout, Duration socketTimeout) {

    public static DatabaseSettings read(ConfigReader config) {
        return new DatabaseSettings(
                config.string("db.host", "db"),
                config.port("db.port", 5432),
                config.string("db.name", "speedy"),
                config.string("db.user", "speedy"),
                config.requiredString("db.password", "the password of the database user"),
                config.integer("db.pool-size", 10, 1, 200),
                config.duration("db.connect-timeout", Duration.ofSeconds(5)),
                config.duration("db.socket-timeout", Duration.ofSeconds(60)));
    }

    /** The same database reached by another host name: {@code db-ro} for read-only queries. */
    public DatabaseSettings withHost(String otherHost) {
        return new DatabaseSettings(otherHost, port, name, user, password, poolSize, connectTimeout, socketTimeout);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    /** For logs: where, never the password. */
    public String describe() {
        return user + "@" + host + ":" + port + "/" + name;
    }

    @Override
    public String toString() {
        return "DatabaseSettings[" + describe() + "]";
    }
}
