package com.speedy.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real main in its own JVM, as systemd starts it, given a broken conffile. */
class AppMainTest {
    @Test
    void aBrokenConffileStopsStartUpWithExit78NamingFileLineAndKey(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("speedy-app.conf");
        Files.writeString(conf, String.join("\n",
                "# broken on purpose",
                "db.password = secret",
                "listen.prot = 8080",
                "listen.port = eighty",
                "maintenance.retry-after =",
                ""));

        Process app = startApp(conf);
        String stderr = new String(app.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(app.exitValue()).isEqualTo(78);
        assertThat(stderr).contains(
                "speedy-app: the conffile has problems; nothing was started:",
                conf + ":3: listen.prot: unknown key; did you mean listen.port?",
                conf + ":4: listen.port: \"eighty\" is not a number from 0 to 65535",
                conf + ":5: maintenance.retry-after: missing value; expected a duration")
                .doesNotContain("secret");
    }

    @Test
    void aMissingConffileIsNamed(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("absent.conf");
        Process app = startApp(conf);
        String stderr = new String(app.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(app.exitValue()).isEqualTo(78);
        assertThat(stderr).contains(conf + ": cannot read the conffile: NoSuchFile");
    }

    /** speedy-app's real main in a JVM of its own, as the unit starts it. */
    private static Process startApp(Path conf) throws java.io.IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), App.class.getName(), conf.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }
}
