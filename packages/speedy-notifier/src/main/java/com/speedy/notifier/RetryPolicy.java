package com.speedy.notifier;

import java.time.Duration;

/** When a failed delivery is tried again, and when the notifier gives up on it (dead-letters it). */
public record RetryPolicy(int maxAttempts, Backoff backoff) {

    /** Whether a notification that has failed {@code attempts} times is dead. */
    public boolean exhausted(int attempts) {
        return attempts >= maxAttempts;
    }

    /** The wait before the next attempt of a notification that has failed {@code attempts} times. */
    public Duration delayAfter(int attempts) {
        return backoff.after(attempts);
    }
}
