package com.speedy.jobs;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Deletes posts older than {@code purge.posts-after} (their tags go with them: ON DELETE CASCADE) and, where
 * speedy-notifier's {@code notifications} table exists, notifications that were delivered or given up on ("dead") and
 * are older than {@code purge.notifications-after}. It deletes in batches, each its own transaction, so that the first
 * purge of a year's data neither holds long locks nor runs into the connection's socket timeout.
 */
public final class PurgeJob implements Job {
    static final int BATCH = 5_000;

    private static final String DELETE_POSTS = """
            DELETE FROM posts WHERE id IN (
                SELECT id FROM posts WHERE created_at < now() - ? * interval '1 millisecond' LIMIT ?)""";
    private static final String DELETE_NOTIFICATIONS = """
            DELETE FROM notifications WHERE ctid IN (
                SELECT ctid FROM notifications
                 WHERE status IN ('delivered', 'dead') AND created_at < now() - ? * interval '1 millisecond' LIMIT ?)""";

    private final Duration postsAfter;
    private final Duration notificationsAfter;

    public PurgeJob(Duration postsAfter, Duration notificationsAfter) {
        this.postsAfter = postsAfter;
        this.notificationsAfter = notificationsAfter;
    }

    @Override
    public String name() {
        return "purge";
    }

    @Override
    public long lockKey() {
        return LockKeys.PURGE;
    }

    @Override
    public String run(Connection connection) throws SQLException, MissingSchemaException {
        Tables.requireAppTables(connection, "posts");
        long posts = deleteInBatches(connection, DELETE_POSTS, postsAfter);
        String summary = "deleted " + posts + " post(s) older than " + Durations.describe(postsAfter);
        if (!Tables.exists(connection, "notifications")) {
            return summary + "; no notifications table (speedy-notifier not set up on this database)";
        }
        long notifications = deleteInBatches(connection, DELETE_NOTIFICATIONS, notificationsAfter);
        return summary + ", " + notifications + " delivered or dead notification(s) older than "
                + Durations.describe(notificationsAfter);
    }

    /** Runs the delete, in autocommit mode, until a batch comes back short. */
    private static long deleteInBatches(Connection connection, String sql, Duration olderThan) throws SQLException {
        long total = 0;
        try (PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setLong(1, olderThan.toMillis());
            delete.setInt(2, BATCH);
            int deleted;
            do {
                deleted = delete.executeUpdate();
                total += deleted;
            } while (deleted == BATCH);
        }
        return total;
    }
}
