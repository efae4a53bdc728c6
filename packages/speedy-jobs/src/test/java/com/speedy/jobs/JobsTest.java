package com.speedy.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.runtime.database.DatabaseSettings;
import com.speedy.runtime.database.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: arguments, exit codes, and whole runs against a real database. */
class JobsTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void anUnknownJobIsAUsageErrorWithExitCode64() {
        assertThat(jobs("run", "trendy")).isEqualTo(64);

        assertThat(err()).startsWith("speedy-jobs: run: unknown job \"trendy\" (trending|purge)\nusage: speedy-jobs run");
        assertThat(out()).isEmpty();
    }

    @Test
    void missingOrExtraArgumentsAreUsageErrors() {
        assertThat(jobs()).isEqualTo(64);
        assertThat(jobs("trending")).isEqualTo(64);
        assertThat(jobs("run")).isEqualTo(64);
        assertThat(jobs("run", "purge", "/etc/a.conf", "/etc/b.conf")).isEqualTo(64);
        assertThat(jobs("run", "purge", "--verbose")).isEqualTo(64);
        assertThat(err()).contains("speedy-jobs: no command given", "speedy-jobs: unknown command \"trending\"",
                "speedy-jobs: run: which job? (trending|purge)", "speedy-jobs: run: unexpected argument \"/etc/b.conf\"",
                "speedy-jobs: run: unexpected argument \"--verbose\"");
    }

    @Test
    void helpPrintsTheUsageWithAnExample() {
        assertThat(jobs("--help")).isZero();

        assertThat(out()).startsWith("usage: speedy-jobs run trending|purge [CONFFILE]")
                .contains("examples:", "com.speedy.jobs.Jobs run trending /etc/speedy/speedy-jobs.conf",
                        "/etc/speedy/speedy-jobs.conf");
    }

    @Test
    void aBrokenConffileExits78AndListsEveryProblem() throws Exception {
        Path conf = Files.write(dir.resolve("speedy-jobs.conf"), List.of("trending.limit = lots", "purge.after = 1d"));

        assertThat(jobs("run", "purge", conf.toString())).isEqualTo(78);

        assertThat(err()).isEqualTo(String.join("\n",
                "speedy-jobs: the conffile has problems; nothing was started:",
                "  " + conf + ":1: trending.limit: \"lots\" is not a number from 1 to 10000",
                "  " + conf + ":2: purge.after: unknown key",
                "  " + conf + ": db.password: missing; set it to the password of the database user",
                ""));
    }

    @Test
    void anUnreachableDatabaseExits1() {
        DatabaseSettings nowhere = new DatabaseSettings("127.0.0.1", 1, "speedy", "speedy", "x", 2,
                Duration.ofSeconds(1), Duration.ofSeconds(5));

        assertThat(Jobs.run(settings(nowhere), JobName.TRENDING)).isEqualTo(1);
    }

    @Test
    void aDatabaseWithoutSpeedyAppsSchemaExits1() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            assertThat(Jobs.run(settings(db.settings()), JobName.TRENDING)).isEqualTo(1);
            assertThat(Jobs.run(settings(db.settings()), JobName.PURGE)).isEqualTo(1);
        }
    }

    @Test
    void runsTrendingFromAConffileAndExits0() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            SpeedyAppSchema.migrate(db);
            try (Connection c = db.connect()) {
                SpeedyAppSchema.post(c, Duration.ofMinutes(5), "debian");
            }
            DatabaseSettings s = db.settings();
            Path conf = Files.write(dir.resolve("speedy-jobs.conf"), List.of(
                    "db.host = " + s.host(), "db.port = " + s.port(), "db.name = " + s.name(),
                    "db.user = " + s.user(), "db.password = " + s.password(), "trending.window = 1h"));

            assertThat(jobs("run", "trending", conf.toString())).isZero();
            assertThat(jobs("run", "purge", conf.toString())).isZero();

            try (Connection c = db.connect()) {
                assertThat(SpeedyAppSchema.count(c, "SELECT post_count FROM trending_tags WHERE tag = 'debian'")).isEqualTo(1);
                assertThat(SpeedyAppSchema.count(c, "SELECT count(*) FROM posts")).isEqualTo(1);
            }
        }
    }

    private static JobsSettings settings(DatabaseSettings database) {
        return new JobsSettings(database, Duration.ofHours(24), 50, Duration.ofDays(365), Duration.ofDays(30));
    }

    private int jobs(String... args) {
        return Jobs.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
