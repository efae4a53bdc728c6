package com.speedy.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.speedy.runtime.ServiceLauncher;
import com.speedy.runtime.config.ConfigException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifierSettingsTest {
    @TempDir
    Path dir;

    @Test
    void theShippedConffileReadsWithTheDefaults() throws Exception {
        NotifierSettings settings = ServiceLauncher.read(Path.of("src/deb/conf/speedy-notifier.conf"),
                NotifierSettings::read);

        assertThat(settings.database().host()).isEqualTo("db");
        assertThat(settings.gatewayUrl()).isEqualTo(URI.create("https://push.speedy.example/v1/notifications"));
        assertThat(settings.gatewayTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(settings.retryPolicy())
                .isEqualTo(new RetryPolicy(8, new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(10))));
        assertThat(settings.batchSize()).isEqualTo(50);
        assertThat(settings.pollInterval()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void brokenConffileNamesTheFileTheLineAndTheKeyOfEveryProblem() throws Exception {
        Path conffile = dir.resolve("speedy-notifier.conf");
        Files.writeString(conffile, """
                db.password = secret
                gateway.url = ftp://push.speedy.example/send
                gateway.timout = 5s
                worker.batch-size =
                delivery.max-attempts = 0
                """);

        assertThatThrownBy(() -> ServiceLauncher.read(conffile, NotifierSettings::read))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(conffile + ":2: gateway.url: \"ftp://push.speedy.example/send\" is not an http or https URL")
                .hasMessageContaining(conffile + ":3: gateway.timout: unknown key; did you mean gateway.timeout?")
                .hasMessageContaining(conffile + ":4: worker.batch-size: missing value")
                .hasMessageContaining(conffile + ":5: delivery.max-attempts: \"0\" is not a number from 1 to 1000");
    }

    @Test
    void missingGatewayUrlIsNamedWithTheFile() throws Exception {
        Path conffile = dir.resolve("speedy-notifier.conf");
        Files.writeString(conffile, "db.password = secret\n");

        assertThatThrownBy(() -> ServiceLauncher.read(conffile, NotifierSettings::read))
                .isInstanceOf(ConfigException.class)
                .hasMessage(conffile + ": gateway.url: missing; set it to an http or https URL such as "
                        + "https://push.speedy.example/v1/notifications");
    }
}
