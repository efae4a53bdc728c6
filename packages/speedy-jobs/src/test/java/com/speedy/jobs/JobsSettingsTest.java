package com.speedy.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.speedy.runtime.ServiceLauncher;
import com.speedy.runtime.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobsSettingsTest {
    @TempDir
    Path dir;

    @Test
    void theShippedConffileReadsWithTheDefaults() throws Exception {
        Path shipped = Path.of(System.getenv("SPEEDY_PROJECT_DIR"), "packages/speedy-jobs/src/deb/conf/speedy-jobs.conf");

        JobsSettings settings = ServiceLauncher.read(shipped, JobsSettings::read);

        assertThat(settings.database().host()).isEqualTo("db");
        assertThat(settings.database().password()).isEqualTo("change-me");
        assertThat(settings.trendingWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(settings.trendingLimit()).isEqualTo(50);
        assertThat(settings.purgePostsAfter()).isEqualTo(Duration.ofDays(365));
        assertThat(settings.purgeNotificationsAfter()).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void readsEveryJobSetting() throws Exception {
        Path conf = write("db.password = secret", "trending.window = 6h", "trending.limit = 10",
                "purge.posts-after = 90d", "purge.notifications-after = 7d");

        JobsSettings settings = ServiceLauncher.read(conf, JobsSettings::read);

        assertThat(settings.trendingWindow()).isEqualTo(Duration.ofHours(6));
        assertThat(settings.trendingLimit()).isEqualTo(10);
        assertThat(settings.purgePostsAfter()).isEqualTo(Duration.ofDays(90));
        assertThat(settings.purgeNotificationsAfter()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void aBrokenConffileNamesTheFileTheLineAndTheKeyOfEveryProblem() throws Exception {
        Path conf = write(
                "db.password = secret",
                "trending.windw = 6h",
                "purge.posts-after = a year",
                "trending.limit =");

        assertThatThrownBy(() -> ServiceLauncher.read(conf, JobsSettings::read))
                .isInstanceOf(ConfigException.class)
                .hasMessage(String.join("\n",
                        conf + ":2: trending.windw: unknown key; did you mean trending.window?",
                        conf + ":3: purge.posts-after: \"a year\" is not a duration above zero such as 500ms, 10s, 5m, 2h or 7d",
                        conf + ":4: trending.limit: missing value; expected a number from 1 to 10000"));
    }

    @Test
    void aMissingPasswordIsAProblem() throws Exception {
        Path conf = write("trending.limit = 5");

        assertThatThrownBy(() -> ServiceLauncher.read(conf, JobsSettings::read))
                .hasMessage(conf + ": db.password: missing; set it to the password of the database user");
    }

    private Path write(String... lines) throws Exception {
        return Files.write(dir.resolve("speedy-jobs.conf"), List.of(lines));
    }
}
