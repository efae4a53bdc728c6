package com.speedy.jobs;

import java.time.Duration;

/** Durations for log lines, in the conffile's own notation: {@code 24h}, {@code 365d}, {@code 90s}. */
final class Durations {
    private Durations() {}

    static String describe(Duration d) {
        long millis = d.toMillis();
        if (millis % 86_400_000 == 0) {
            return millis / 86_400_000 + "d";
        }
        if (millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return millis + "ms";
    }
}
