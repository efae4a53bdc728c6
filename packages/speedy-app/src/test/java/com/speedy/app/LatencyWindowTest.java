package com.speedy.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatencyWindowTest {
    private long now = Duration.ofDays(3).toNanos();
    private final LatencyWindow window = new LatencyWindow(() -> now);

    @Test
    void reportsZeroWhenNoRequestFinishedInTheWindow() {
        assertThat(window.snapshot()).isEqualTo(new Latency(0.0, 0.0, 0, 300));
    }

    @Test
    void takesTheMeanAndTheP95ByNearestRank() {
        for (int millis = 20; millis >= 1; millis--) {
            window.record(millis);
        }

        // 20 samples: the 95th percentile is the 19th smallest.
        assertThat(window.snapshot()).isEqualTo(new Latency(10.5, 19.0, 20, 300));
    }

    @Test
    void forgetsRequestsThatFinishedMoreThanFiveMinutesAgo() {
        window.record(1000);
        advance(Duration.ofSeconds(200));
        window.record(10);
        window.record(20);
        advance(Duration.ofSeconds(101));

        assertThat(window.snapshot()).isEqualTo(new Latency(15.0, 20.0, 2, 300));

        advance(Duration.ofSeconds(200));
        assertThat(window.snapshot()).isEqualTo(new Latency(0.0, 0.0, 0, 300));
    }

    @Test
    void keepsCountAndMeanExactBeyondTheSampleRing() {
        int requests = LatencyWindow.MAX_SAMPLES + 1000;
        window.record(5000);
        for (int i = 1; i < requests; i++) {
            window.record(1);
        }

        Latency latency = window.snapshot();

        assertThat(latency.count()).isEqualTo(requests);
        assertThat(latency.mean()).isEqualTo((5000.0 + requests - 1) / requests);
        assertThat(latency.p95()).isEqualTo(1.0);
    }

    private void advance(Duration duration) {
        now += duration.toNanos();
    }
}
