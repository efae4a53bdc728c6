package com.speedy.app;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Reads speedy-notifier's {@code notifications} table, which this app does not own: the table is missing until
 * speedy-notifier has run against the database once, and then the query fails like any other.
 */
final class NotificationTable {
    private static final String COUNTS = """
            SELECT count(*) FILTER (WHERE status = 'pending'),
                   -- 0 when nothing is pending (greatest skips the NULL), and never below 0 for a row dated ahead
                   greatest(0, floor(extract(epoch FROM now() - min(created_at) FILTER (WHERE status = 'pending'))))::bigint,
                   count(*) FILTER (WHERE status = 'delivered'),
                   count(*) FILTER (WHERE status = 'dead'),
                   -- attempts counts every try, a delivered row's last (successful) one too
                   coalesce(sum(attempts), 0) - count(*) FILTER (WHERE status = 'delivered')
              FROM notifications
            """;
    private static final int QUERY_TIMEOUT_SECONDS = 5;

    private final DataSource dataSource;

    NotificationTable(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    NotificationCounts counts() throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(COUNTS)) {
            s.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return new NotificationCounts(r.getLong(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5));
            }
        }
    }
}
