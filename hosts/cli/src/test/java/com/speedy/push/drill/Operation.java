package com.speedy.push.drill;

/**
 * The commands of push that the drills interrupt, and how far each one's output goes unfaulted: its numbered steps
 * (switchover, failover), or its lines of progress (replica and rejoin print no numbered steps); faults are aimed at
 * each of these points.
 */
public enum Operation {
    SWITCHOVER(8),
    FAILOVER(6),
    REJOIN(3),
    REPLICA(5);

    private final int points;

    Operation(int points) {
        this.points = points;
    }

    /** How many steps (or progress lines) the command prints on the testbed; faults are aimed at each. */
    int points() {
        return points;
    }
}
