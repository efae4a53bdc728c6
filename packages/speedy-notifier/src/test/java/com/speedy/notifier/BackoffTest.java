package com.speedy.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(10));

    @Test
    void startsAtTheInitialDelayAndDoublesAfterEachFailure() {
        assertThat(backoff.after(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.after(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.after(3)).isEqualTo(Duration.ofSeconds(20));
        assertThat(backoff.after(7)).isEqualTo(Duration.ofSeconds(320));
    }

    @Test
    void neverWaitsLongerThanTheMaximumHoweverManyFailures() {
        assertThat(backoff.after(8)).isEqualTo(Duration.ofMinutes(10));
        assertThat(backoff.after(1000)).isEqualTo(Duration.ofMinutes(10));
        assertThat(backoff.after(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void aMaximumBelowTheInitialDelayWins() {
        assertThat(new Backoff(Duration.ofSeconds(30), Duration.ofSeconds(10)).after(1)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aZeroInitialDelayStaysZero() {
        assertThat(new Backoff(Duration.ZERO, Duration.ofSeconds(10)).after(Integer.MAX_VALUE)).isZero();
    }

    @Test
    void rejectsFewerThanOneFailure() {
        assertThatThrownBy(() -> backoff.after(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retryPolicyGivesUpAfterMaxAttempts() {
        RetryPolicy policy = new RetryPolicy(3, backoff);

        assertThat(policy.exhausted(2)).isFalse();
        assertThat(policy.exhausted(3)).isTrue();
        assertThat(policy.delayAfter(2)).isEqualTo(Duration.ofSeconds(10));
    }
}
