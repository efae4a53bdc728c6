package com.speedy.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NoticeTest {
    private static final Instant NOW = Instant.parse("2026-12-02T20:14:30Z");
    private static final Duration CONFIGURED = Duration.ofMinutes(5);

    @Test
    void readsMessageAndUntilAsPropertiesInUtf8() throws Exception {
        Notice notice = Notice.parse("# written by push\nmessage = Moving to a bigger database server \u2014 soon\n"
                + "until=2026-12-02T21:00:00Z\n");

        assertThat(notice.message()).hasValue("Moving to a bigger database server \u2014 soon");
        assertThat(notice.until()).hasValue(Instant.parse("2026-12-02T21:00:00Z"));
    }

    @Test
    void isTheStandardNoticeForAnEmptyFileOrABlankMessage() throws Exception {
        assertThat(Notice.parse("")).isEqualTo(Notice.STANDARD);
        assertThat(Notice.parse("\n")).isEqualTo(Notice.STANDARD);
        assertThat(Notice.parse("message=   \n")).isEqualTo(Notice.STANDARD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"until=tomorrow", "until=2026-12-02 21:00", "mesage=typo", "Moving to a bigger server",
        "message=bad escape \\u12"})
    void rejectsGarbledContentCarryingIt(String content) {
        assertThatThrownBy(() -> Notice.parse(content)).isInstanceOf(Notice.MalformedNotice.class)
                .hasFieldOrPropertyWithValue("content", content);
    }

    @Test
    void retryAfterIsTheWholeSecondsUntilUntilWhileThatIsAhead() {
        Notice notice = new Notice(Optional.empty(), Optional.of(Instant.parse("2026-12-02T21:00:00Z")));

        assertThat(notice.retryAfter(NOW, CONFIGURED)).isEqualTo(Duration.ofSeconds(45 * 60 + 30));
        assertThat(notice.retryAfter(Instant.parse("2026-12-02T20:59:59.900Z"), CONFIGURED))
                .as("at least 1").isEqualTo(Duration.ofSeconds(1));
        assertThat(notice.retryAfter(Instant.parse("2026-12-02T21:00:00Z"), CONFIGURED)).isEqualTo(CONFIGURED);
        assertThat(notice.retryAfter(Instant.parse("2026-12-02T22:00:00Z"), CONFIGURED)).isEqualTo(CONFIGURED);
        assertThat(Notice.STANDARD.retryAfter(NOW, CONFIGURED)).isEqualTo(CONFIGURED);
    }

    @Test
    void asOfDropsAnUntilThatHasPassedAndKeepsTheMessage() {
        Notice notice = new Notice(Optional.of("m"), Optional.of(Instant.parse("2026-12-02T20:00:00Z")));

        assertThat(notice.asOf(NOW)).isEqualTo(new Notice(Optional.of("m"), Optional.empty()));
        assertThat(notice.asOf(Instant.parse("2026-12-02T19:00:00Z"))).isEqualTo(notice);
    }
}
