package com.speedy.push.drill;

/** The commands of push that the drills interrupt, and how long each runs unfaulted (where the faults are aimed). */
public enum Operation {
    SWITCHOVER(12_000),
    FAILOVER(8_000),
    REJOIN(8_000),
    REPLICA(8_000);

    private final long typicalMillis;

    Operation(long typicalMillis) {
        this.typicalMillis = typicalMillis;
    }

    /** About how long the command runs on the testbed; fault delays are drawn up to this. */
    long typicalMillis() {
        return typicalMillis;
    }
}
