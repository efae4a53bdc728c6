package com.speedy.jobs;

import static com.speedy.jobs.SpeedyAppSchema.count;
import static com.speedy.jobs.SpeedyAppSchema.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.runtime.database.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The purge job against speedy-app's real schema, with and without speedy-notifier's table. */
class PurgeJobTest {
    private static final Duration DAY = Duration.ofDays(1);

    @Test
    void deletesOnlyPostsAndFinishedNotificationsOlderThanTheirThresholds() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            SpeedyAppSchema.migrate(db);
            try (Connection c = db.connect()) {
                long kept = post(c, DAY.multipliedBy(364), "recent");
                post(c, DAY.multipliedBy(366), "old");
                post(c, DAY.multipliedBy(800), "older", "old");
                try (Statement s = c.createStatement()) {
                    // Only the two columns the job relies on: speedy-notifier owns the real table.
                    s.execute("CREATE TABLE notifications (status text NOT NULL, created_at timestamptz NOT NULL)");
                    s.execute("""
                            INSERT INTO notifications VALUES
                              ('delivered', now() - interval '31 days'),
                              ('dead',      now() - interval '40 days'),
                              ('delivered', now() - interval '29 days'),
                              ('pending',   now() - interval '90 days'),
                              ('failed',    now() - interval '90 days')""");
                }

                String summary = new PurgeJob(DAY.multipliedBy(365), DAY.multipliedBy(30)).run(c);

                assertThat(summary).isEqualTo("deleted 2 post(s) older than 365d, 2 delivered or dead notification(s)"
                        + " older than 30d");
                assertThat(count(c, "SELECT id FROM posts")).isEqualTo(kept);
                assertThat(count(c, "SELECT count(*) FROM post_tags")).as("the tags went with their posts").isEqualTo(1);
                assertThat(count(c, "SELECT count(*) FROM notifications")).isEqualTo(3);
                assertThat(count(c, "SELECT count(*) FROM notifications WHERE status IN ('delivered', 'dead')"
                        + " AND created_at < now() - interval '30 days'")).isZero();
            }
        }
    }

    @Test
    void deletesInBatchesUntilNothingOldIsLeft() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            SpeedyAppSchema.migrate(db);
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO posts (author, body, created_at)"
                        + " SELECT 'ana', 'x', now() - interval '400 days' FROM generate_series(1, " + (PurgeJob.BATCH * 2 + 7) + ")");

                String summary = new PurgeJob(DAY.multipliedBy(365), DAY.multipliedBy(30)).run(c);

                assertThat(summary).startsWith("deleted " + (PurgeJob.BATCH * 2 + 7) + " post(s)");
                assertThat(count(c, "SELECT count(*) FROM posts")).isZero();
            }
        }
    }

    @Test
    void worksWithoutTheNotificationsTable() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            SpeedyAppSchema.migrate(db);
            try (Connection c = db.connect()) {
                post(c, DAY.multipliedBy(10), "kept");
                post(c, DAY.multipliedBy(400), "gone");

                String summary = new PurgeJob(DAY.multipliedBy(365), DAY.multipliedBy(30)).run(c);

                assertThat(summary).isEqualTo("deleted 1 post(s) older than 365d; no notifications table"
                        + " (speedy-notifier not set up on this database)");
                assertThat(count(c, "SELECT count(*) FROM posts")).isEqualTo(1);
            }
        }
    }
}
