package com.speedy.runtime.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * A real login, with a service's own credentials, to one server named by address (not through the {@code db} alias),
 * and {@code SELECT 1}: what a switchover asks of the standby it is about to promote, which is still read-only, so that
 * a missing pg_hba rule or a wrong password stops it before anything changes. Bounded by the connect timeout.
 */
public final class LoginCheck {
    private final DatabaseSettings settings;

    public LoginCheck(DatabaseSettings settings) {
        this.settings = settings;
    }

    /** The answer: logged in, or the server's (or the network's) reason why not. */
    public record Answer(boolean loggedIn, String reason) {}

    public Answer at(String address) {
        String host = address.contains(":") && !address.startsWith("[") ? "[" + address + "]" : address;
        Properties props = new Properties();
        props.setProperty("user", settings.user());
        props.setProperty("password", settings.password());
        String seconds = Long.toString(Math.max(1, settings.connectTimeout().toSeconds()));
        props.setProperty("connectTimeout", seconds);
        props.setProperty("loginTimeout", seconds);
        props.setProperty("socketTimeout", seconds);
        props.setProperty("ApplicationName", "speedy-login-check");
        String url = "jdbc:postgresql://" + host + ":" + settings.port() + "/" + settings.name();
        try (Connection c = DriverManager.getConnection(url, props); Statement s = c.createStatement()) {
            s.setQueryTimeout((int) Math.max(1, settings.connectTimeout().toSeconds()));
            try (ResultSet one = s.executeQuery("SELECT 1")) {
                one.next();
                return new Answer(one.getInt(1) == 1, "SELECT 1 answered " + one.getInt(1));
            }
        } catch (SQLException e) {
            return new Answer(false, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }
}
