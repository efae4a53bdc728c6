package com.speedy.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigReaderTest {
    private static final Path FILE = Path.of("/etc/speedy/test.conf");

    private static ConfigReader reader(String... lines) throws ConfigException {
        return new ConfigReader(ConfFile.parse(FILE, List.of(lines)));
    }

    @Test
    void readsTypedValuesAndDefaults() throws Exception {
        ConfigReader config = reader(
                "# a comment",
                "",
                "db.host = db2.internal",
                "db.port=6432",
                "timeout = 250ms",
                "gateway.url = https://push.example/v1/send");

        assertThat(config.string("db.host", "db")).isEqualTo("db2.internal");
        assertThat(config.port("db.port", 5432)).isEqualTo(6432);
        assertThat(config.duration("timeout", Duration.ofSeconds(1))).isEqualTo(Duration.ofMillis(250));
        assertThat(config.requiredHttpUrl("gateway.url", "https://x/")).isEqualTo(URI.create("https://push.example/v1/send"));
        assertThat(config.string("db.name", "speedy")).isEqualTo("speedy");
        config.finish();
    }

    @Test
    void reportsEveryProblemAtOnceWithFileLineAndKey() throws Exception {
        ConfigReader config = reader(
                "db.port = http",
                "gateway.url = ftp://push.example/",
                "db.hots = db",
                "timeout =");
        config.port("db.port", 5432);
        config.requiredHttpUrl("gateway.url", "https://push.example/v1/send");
        config.string("db.host", "db");
        config.duration("timeout", Duration.ofSeconds(1));
        config.requiredString("db.password", "the password");

        assertThatThrownBy(config::finish)
                .isInstanceOf(ConfigException.class)
                .hasMessage(String.join("\n",
                        "/etc/speedy/test.conf:1: db.port: \"http\" is not a number from 1 to 65535",
                        "/etc/speedy/test.conf:2: gateway.url: \"ftp://push.example/\" is not an http or https URL"
                                + " such as https://push.example/v1/send",
                        "/etc/speedy/test.conf:3: db.hots: unknown key; did you mean db.host?",
                        "/etc/speedy/test.conf:4: timeout: missing value; expected a duration above zero such as"
                                + " 500ms, 10s, 5m, 2h or 7d",
                        "/etc/speedy/test.conf: db.password: missing; set it to the password"));
    }

    @Test
    void rejectsLinesThatAreNotKeyValueAndDuplicateKeys() {
        assertThatThrownBy(() -> reader("db.host = a", "just words", "db.host = b", "Bad Key = 1"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(String.join("\n",
                        "/etc/speedy/test.conf:2: expected 'key = value', found \"just words\"",
                        "/etc/speedy/test.conf:3: db.host: set twice (first on line 1)",
                        "/etc/speedy/test.conf:4: Bad Key: not a valid key (lower-case words joined by '.' or '-')"));
    }

    @Test
    void rejectsRelativePathsAndOutOfRangeNumbers() throws Exception {
        ConfigReader config = reader("flag = relative/file", "size = 0");
        config.path("flag", Path.of("/var/lib/x"));
        config.integer("size", 10, 1, 200);

        assertThatThrownBy(config::finish).hasMessageContaining("test.conf:1: flag: \"relative/file\" is not an absolute path")
                .hasMessageContaining("test.conf:2: size: \"0\" is not a number from 1 to 200");
    }

    @Test
    void refusesAZeroDuration() throws Exception {
        ConfigReader config = reader("purge.posts-after = 0d");
        config.duration("purge.posts-after", Duration.ofDays(365));

        assertThatThrownBy(config::finish).hasMessage("/etc/speedy/test.conf:1: purge.posts-after: \"0d\" is not a"
                + " duration above zero such as 500ms, 10s, 5m, 2h or 7d");
    }

    @Test
    void reportsAnUnreadableFileByName() {
        assertThatThrownBy(() -> ConfFile.read(Path.of("/nonexistent/speedy.conf")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("/nonexistent/speedy.conf: cannot read the conffile: NoSuchFile");
    }
}
