package com.speedy.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaintenanceTest {
    private static final Instant NOW = Instant.parse("2026-12-02T20:00:00Z");

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private Maintenance maintenance() {
        return new Maintenance(dir.resolve("maintenance"), Duration.ofMinutes(2), warnings::add);
    }

    @Test
    void isOffWithoutTheFlagFile() {
        assertThat(maintenance().isOn()).isFalse();
        assertThat(maintenance().current(NOW)).isEmpty();
    }

    @Test
    void anEmptyFlagFileIsTheStandardNotice() throws Exception {
        Files.createFile(dir.resolve("maintenance"));

        assertThat(maintenance().isOn()).isTrue();
        assertThat(maintenance().current(NOW)).hasValue(Notice.STANDARD);
        assertThat(warnings).isEmpty();
    }

    @Test
    void readsTheNoticeAfreshOnEveryCall() throws Exception {
        Maintenance maintenance = maintenance();
        Files.writeString(dir.resolve("maintenance"), "message=Moving to a bigger database server\n");
        assertThat(maintenance.current(NOW).flatMap(Notice::message)).hasValue("Moving to a bigger database server");

        Files.writeString(dir.resolve("maintenance"), "message=Nearly done\nuntil=2026-12-02T20:30:00Z\n");
        assertThat(maintenance.current(NOW)).hasValue(
                new Notice(Optional.of("Nearly done"), Optional.of(Instant.parse("2026-12-02T20:30:00Z"))));
    }

    @Test
    void garbledContentStaysOnWithTheStandardNoticeAndWarnsOncePerDistinctContent() throws Exception {
        Maintenance maintenance = maintenance();
        Path flag = dir.resolve("maintenance");

        Files.writeString(flag, "until=tomorrow\n");
        assertThat(maintenance.current(NOW)).hasValue(Notice.STANDARD);
        assertThat(maintenance.current(NOW)).hasValue(Notice.STANDARD);
        assertThat(warnings).singleElement().asString().contains(flag.toString(), "\"tomorrow\"", "ISO-8601");

        Files.write(flag, new byte[] {'m', 'e', 's', 's', 'a', 'g', 'e', '=', (byte) 0xff, (byte) 0xfe});
        assertThat(maintenance.current(NOW)).as("not UTF-8").hasValue(Notice.STANDARD);
        assertThat(maintenance.current(NOW)).hasValue(Notice.STANDARD);
        assertThat(warnings).hasSize(2);

        Files.writeString(flag, "until=tomorrow\n");
        assertThat(maintenance.current(NOW)).hasValue(Notice.STANDARD);
        assertThat(warnings).as("this content was warned about already").hasSize(2);
    }

    @Test
    void anUnreadableFlagStaysOnWithTheStandardNotice() throws Exception {
        Files.createDirectory(dir.resolve("maintenance"));

        assertThat(maintenance().current(NOW)).hasValue(Notice.STANDARD);
        assertThat(warnings).singleElement().asString().contains("cannot read");
    }

    @Test
    void anUntilThatHasPassedIsDropped() throws Exception {
        Files.writeString(dir.resolve("maintenance"), "message=Late\nuntil=2026-12-02T19:00:00Z\n",
                StandardCharsets.UTF_8);

        assertThat(maintenance().current(NOW)).hasValue(new Notice(Optional.of("Late"), Optional.empty()));
    }
}
