package com.speedy.runtime.database;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

/**
 * The service side of {@link MovedDbAliasTest}, in a JVM of its own that starts as the services do: DNS cache first.
 * Prints the server address it reaches, waits for "moved" on stdin, then polls until it reaches another address and
 * prints that address and how long it took.
 */
public final class MovedDbAliasProbe {
    private MovedDbAliasProbe() {}

    public static void main(String[] args) throws Exception {
        DnsCache.useShortTtl();
        DatabaseSettings settings = new DatabaseSettings("db", Integer.parseInt(args[0]), args[1], TestDatabase.USER,
                TestDatabase.PASSWORD, 4, Duration.ofSeconds(3), Duration.ofSeconds(30));
        try (Database database = Database.open(settings, "moved-alias-probe")) {
            String before = serverAddress(database);
            System.out.println("before " + before);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (!"moved".equals(in.readLine())) {
                return;
            }
            Instant moved = Instant.now();
            String after = before;
            while (after.equals(before) && Instant.now().isBefore(moved.plusSeconds(30))) {
                Thread.sleep(200);
                database.checkReachable();
                after = serverAddressOrNone(database, before);
            }
            System.out.println("after " + after + " " + Duration.between(moved, Instant.now()).toMillis());
        }
    }

    private static String serverAddress(Database database) throws SQLException {
        try (Connection c = database.connection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT host(inet_server_addr())")) {
            r.next();
            return r.getString(1);
        }
    }

    private static String serverAddressOrNone(Database database, String fallback) {
        try {
            return serverAddress(database);
        } catch (SQLException e) {
            return fallback;
        }
    }
}
