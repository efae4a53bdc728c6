package com.speedy.jobs;

import com.speedy.runtime.database.Database;
import com.speedy.runtime.database.SchemaMigration;
import com.speedy.runtime.database.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/** Test helpers: speedy-app's real schema (its own migration, from its jar) and posts of a given age. */
final class SpeedyAppSchema {
    private SpeedyAppSchema() {}

    static void migrate(TestDatabase db) {
        try (Database database = Database.open(db.settings(), "speedy-app-migration")) {
            new SchemaMigration(database.dataSource(), "speedy-app").migrate();
        }
    }

    /** Inserts a post created {@code age} ago with the given tags and returns its id. */
    static long post(Connection c, Duration age, String... tags) throws SQLException {
        long id;
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO posts (author, body, created_at) VALUES ('ana', 'x', now() - ? * interval '1 second')"
                        + " RETURNING id")) {
            s.setLong(1, age.toSeconds());
            try (ResultSet r = s.executeQuery()) {
                r.next();
                id = r.getLong(1);
            }
        }
        try (PreparedStatement s = c.prepareStatement("INSERT INTO post_tags (post_id, tag) VALUES (?, ?)")) {
            for (String tag : tags) {
                s.setLong(1, id);
                s.setString(2, tag);
                s.executeUpdate();
            }
        }
        return id;
    }

    static long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql); ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }
}
