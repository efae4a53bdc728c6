package com.speedy.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {
    @Test
    void parsesEveryUnit() {
        assertThat(DurationText.parse("500ms")).contains(Duration.ofMillis(500));
        assertThat(DurationText.parse("10 s")).contains(Duration.ofSeconds(10));
        assertThat(DurationText.parse("5m")).contains(Duration.ofMinutes(5));
        assertThat(DurationText.parse("2H")).contains(Duration.ofHours(2));
        assertThat(DurationText.parse("7d")).contains(Duration.ofDays(7));
    }

    @Test
    void refusesZeroNegativeUnitlessAndOverlongDurations() {
        assertThat(DurationText.parse("0s")).isEmpty();
        assertThat(DurationText.parse("-1s")).isEmpty();
        assertThat(DurationText.parse("10")).isEmpty();
        assertThat(DurationText.parse("1.5s")).isEmpty();
        assertThat(DurationText.parse("99999999999999999999s")).isEmpty();
        assertThat(DurationText.parse("999999999999999999d")).isEmpty();
    }
}
