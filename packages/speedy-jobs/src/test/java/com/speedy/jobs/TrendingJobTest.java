package com.speedy.jobs;

import static com.speedy.jobs.SpeedyAppSchema.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.speedy.runtime.database.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The trending job against speedy-app's real schema on a real PostgreSQL server. */
class TrendingJobTest {
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration DAY = Duration.ofDays(1);

    @Test
    void countsTheTagsOfPostsWithinTheWindowOnlyAndReplacesTheOldRows() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            SpeedyAppSchema.migrate(db);
            try (Connection c = db.connect()) {
                post(c, HOUR, "debian", "java");
                post(c, HOUR.multipliedBy(2), "debian");
                post(c, HOUR.multipliedBy(3), "debian", "go");
                post(c, HOUR.multipliedBy(23), "java");
                post(c, DAY.plus(HOUR), "go", "old");
                post(c, DAY.multipliedBy(30), "old");
                try (Statement s = c.createStatement()) {
                    s.execute("INSERT INTO trending_tags VALUES ('stale', 99, now() - interval '1 day')");
                }

                String summary = new TrendingJob(DAY, 50).run(c);

                assertThat(trending(c)).containsExactly(Map.entry("debian", 3), Map.entry("java", 2), Map.entry("go", 1));
                assertThat(summary).isEqualTo("3 trending tag(s) from the posts of the last 1d (replaced 1)");
                assertThat(SpeedyAppSchema.count(c,
                        "SELECT count(*) FROM trending_tags WHERE computed_at > now() - interval '1 minute'")).isEqualTo(3);
                assertThat(c.getAutoCommit()).isTrue();
            }
        }
    }

    @Test
    void keepsTheTopTagsUpToTheLimitMostPostsFirst() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            SpeedyAppSchema.migrate(db);
            try (Connection c = db.connect()) {
                post(c, HOUR, "a", "b", "c");
                post(c, HOUR, "b", "c");
                post(c, HOUR, "c");

                new TrendingJob(DAY, 2).run(c);

                assertThat(trending(c)).containsExactly(Map.entry("c", 3), Map.entry("b", 2));
            }
        }
    }

    @Test
    void saysThatSpeedyAppHasNotCreatedItsSchemaWhenTheTablesAreMissing() throws Exception {
        try (TestDatabase db = TestDatabase.create(); Connection c = db.connect()) {
            assertThatThrownBy(() -> new TrendingJob(DAY, 50).run(c))
                    .isInstanceOf(MissingSchemaException.class)
                    .hasMessageStartingWith("table(s) posts, post_tags, trending_tags missing: speedy-app has not created"
                            + " its schema yet");
        }
    }

    private static Map<String, Integer> trending(Connection c) throws Exception {
        Map<String, Integer> rows = new LinkedHashMap<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT tag, post_count FROM trending_tags ORDER BY post_count DESC, tag")) {
            while (r.next()) {
                rows.put(r.getString(1), r.getInt(2));
            }
        }
        return rows;
    }
}
