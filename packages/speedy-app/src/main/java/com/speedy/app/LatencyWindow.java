package com.speedy.app;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * The latencies of the requests that finished in the last five minutes, in bounded memory. Count and mean are exact,
 * from one bucket per second; p95 is taken by nearest rank over a ring of the newest {@value #MAX_SAMPLES} samples,
 * which holds the whole window up to about 218 requests a second and its newest part above that.
 */
final class LatencyWindow {
    static final Duration WINDOW = Duration.ofSeconds(300);
    static final int MAX_SAMPLES = 1 << 16;
    private static final int SECONDS = (int) WINDOW.toSeconds();
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final LongSupplier nanoTime;
    private final long[] bucketSecond = new long[SECONDS];
    private final long[] bucketCount = new long[SECONDS];
    private final double[] bucketMillis = new double[SECONDS];
    private final long[] sampleAt = new long[MAX_SAMPLES];
    private final double[] sampleMillis = new double[MAX_SAMPLES];
    private int samples;
    private int next;

    /** @param nanoTime a monotonic clock, {@code System::nanoTime} outside tests */
    LatencyWindow(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        Arrays.fill(bucketSecond, Long.MIN_VALUE);
    }

    synchronized void record(double millis) {
        long now = nanoTime.getAsLong();
        long second = Math.floorDiv(now, NANOS_PER_SECOND);
        int bucket = (int) Math.floorMod(second, SECONDS);
        if (bucketSecond[bucket] != second) {
            bucketSecond[bucket] = second;
            bucketCount[bucket] = 0;
            bucketMillis[bucket] = 0;
        }
        bucketCount[bucket]++;
        bucketMillis[bucket] += millis;
        sampleAt[next] = now;
        sampleMillis[next] = millis;
        next = (next + 1) % MAX_SAMPLES;
        samples = Math.min(samples + 1, MAX_SAMPLES);
    }

    synchronized Latency snapshot() {
        long now = nanoTime.getAsLong();
        long oldestSecond = Math.floorDiv(now, NANOS_PER_SECOND) - SECONDS + 1;
        long count = 0;
        double totalMillis = 0;
        for (int i = 0; i < SECONDS; i++) {
            if (bucketSecond[i] >= oldestSecond) {
                count += bucketCount[i];
                totalMillis += bucketMillis[i];
            }
        }
        return new Latency(count == 0 ? 0.0 : totalMillis / count, p95(now), count, WINDOW.toSeconds());
    }

    private double p95(long now) {
        double[] recent = new double[samples];
        int n = 0;
        for (int i = 0; i < samples; i++) {
            if (now - sampleAt[i] < WINDOW.toNanos()) {
                recent[n++] = sampleMillis[i];
            }
        }
        if (n == 0) {
            return 0.0;
        }
        Arrays.sort(recent, 0, n);
        int rank = (int) Math.ceil(0.95 * n);
        return recent[rank - 1];
    }
}
