package com.speedy.notifier;

import java.time.Duration;

/** Exponential backoff: {@code initial} after the first failure, twice as long after each further one, at most {@code max}. */
public record Backoff(Duration initial, Duration max) {

    /** How long to wait after {@code failures} consecutive failures (1 or more). */
    public Duration after(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be at least 1, was " + failures);
        }
        Duration delay = initial;
        // Doubling stops at max, so this loops at most ~60 times however large failures is.
        for (int i = 1; i < failures && delay.compareTo(max) < 0 && !delay.isZero(); i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
