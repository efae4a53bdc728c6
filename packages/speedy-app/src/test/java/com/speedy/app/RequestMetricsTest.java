package com.speedy.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestMetricsTest {
    private final RequestMetrics metrics = new RequestMetrics(new LatencyWindow(() -> 0L));

    @Test
    void countsAnswersOf500AndAboveAndFailedHandlersAsErrors() {
        metrics.answered(200, 1_000_000);
        metrics.answered(404, 1_000_000);
        metrics.answered(499, 1_000_000);
        metrics.answered(500, 1_000_000);
        metrics.answered(503, 1_000_000);
        metrics.answered(-1, 1_000_000);

        assertThat(metrics.requests()).isEqualTo(6);
        assertThat(metrics.errors()).isEqualTo(3);
        assertThat(metrics.latency().count()).isEqualTo(6);
    }

    @Test
    void countsAMaintenanceRefusalAsARequestButNotAsAnErrorOrInTheLatency() {
        metrics.refusedForMaintenance();

        assertThat(metrics.requests()).isEqualTo(1);
        assertThat(metrics.errors()).isZero();
        assertThat(metrics.latency().count()).isZero();
    }

    @Test
    void recordsLatencyInMilliseconds() {
        metrics.answered(200, 2_500_000);

        assertThat(metrics.latency().mean()).isEqualTo(2.5);
    }
}
