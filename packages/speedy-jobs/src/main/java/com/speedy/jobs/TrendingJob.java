package com.speedy.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Recomputes {@code trending_tags}: the tags of the posts created within the window, the most used first. One
 * transaction deletes the old rows and inserts the new ones, so that readers see either the old list or the new one.
 * DELETE rather than TRUNCATE: TRUNCATE's exclusive lock would make the app's readers wait for the job.
 */
public final class TrendingJob implements Job {
    private static final String INSERT = """
            INSERT INTO trending_tags (tag, post_count, computed_at)
            SELECT t.tag, count(*), now()
              FROM post_tags t JOIN posts p ON p.id = t.post_id
             WHERE p.created_at >= now() - ? * interval '1 millisecond'
             GROUP BY t.tag
             ORDER BY count(*) DESC, t.tag
             LIMIT ?""";

    private final Duration window;
    private final int limit;

    public TrendingJob(Duration window, int limit) {
        this.window = window;
        this.limit = limit;
    }

    @Override
    public String name() {
        return "trending";
    }

    @Override
    public long lockKey() {
        return LockKeys.TRENDING;
    }

    @Override
    public String run(Connection connection) throws SQLException, MissingSchemaException {
        Tables.requireAppTables(connection, "posts", "post_tags", "trending_tags");
        connection.setAutoCommit(false);
        int replaced;
        int inserted;
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM trending_tags");
             PreparedStatement insert = connection.prepareStatement(INSERT)) {
            replaced = delete.executeUpdate();
            insert.setLong(1, window.toMillis());
            insert.setInt(2, limit);
            inserted = insert.executeUpdate();
        }
        connection.commit();
        connection.setAutoCommit(true);
        return inserted + " trending tag(s) from the posts of the last " + Durations.describe(window)
                + " (replaced " + replaced + ")";
    }
}
