package com.speedy.app;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the API answered since start, for {@code GET /metrics}: requests and errors as counters that only grow (Munin
 * derives rates from them), and the latency of the last five minutes. An answer with status 500 or above is an error,
 * and so is a request whose handler failed without answering. A request that maintenance mode refused with 503 counts
 * as a request but not as an error, since maintenance is planned; it stays out of the latency too, which is about the
 * work the API does.
 */
final class RequestMetrics {
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final LatencyWindow latency;

    RequestMetrics(LatencyWindow latency) {
        this.latency = latency;
    }

    /** @param status the status answered, or -1 when the handler failed before answering */
    void answered(int status, long nanos) {
        requests.incrementAndGet();
        if (status >= 500 || status < 0) {
            errors.incrementAndGet();
        }
        latency.record(nanos / 1_000_000.0);
    }

    void refusedForMaintenance() {
        requests.incrementAndGet();
    }

    long requests() {
        return requests.get();
    }

    long errors() {
        return errors.get();
    }

    Latency latency() {
        return latency.snapshot();
    }
}
