package com.speedy.push.rollout;

import java.util.ArrayList;
import java.util.List;

/**
 * How a rollout goes through its hosts.
 *
 * @param parallel how many hosts at once at most
 * @param serial hosts per batch, 0 for all in one batch; after each batch the rollout stops if failures (counted across
 *     all batches) are more than {@code maxFail}
 * @param dryRun plan and simulate with apt, change nothing
 */
public record RolloutOptions(int parallel, int serial, int maxFail, boolean dryRun) {
    public static final int DEFAULT_PARALLEL = 32;

    public RolloutOptions {
        if (parallel < 1) {
            throw new IllegalArgumentException("--parallel must be at least 1, not " + parallel);
        }
        if (serial < 0) {
            throw new IllegalArgumentException("--serial must be 0 (all at once) or more, not " + serial);
        }
        if (maxFail < 0) {
            throw new IllegalArgumentException("--max-fail must be 0 or more, not " + maxFail);
        }
    }

    /** The hosts in batches, in order. */
    <T> List<List<T>> batches(List<T> hosts) {
        int size = serial == 0 ? Math.max(1, hosts.size()) : serial;
        List<List<T>> batches = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i += size) {
            batches.add(hosts.subList(i, Math.min(hosts.size(), i + size)));
        }
        return batches;
    }
}
