package com.speedy.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Which tables exist, looked up the way unqualified names in the jobs' SQL resolve (through search_path). */
final class Tables {
    private Tables() {}

    static boolean exists(Connection connection, String table) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            s.setString(1, table);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getBoolean(1);
            }
        }
    }

    /** Throws, naming every missing table, unless all of speedy-app's tables that a job needs are there. */
    static void requireAppTables(Connection connection, String... tables) throws SQLException, MissingSchemaException {
        List<String> missing = new ArrayList<>();
        for (String table : tables) {
            if (!exists(connection, table)) {
                missing.add(table);
            }
        }
        if (!missing.isEmpty()) {
            throw new MissingSchemaException(missing);
        }
    }
}
