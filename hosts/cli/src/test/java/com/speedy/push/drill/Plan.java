package com.speedy.push.drill;

import java.util.List;
import java.util.SplittableRandom;

/**
 * One run of a drill, drawn from the seed and the run's number, so that {@code -Ddrill.seed=S -Ddrill.runs=I} replays
 * exactly this run.
 *
 * @param onTarget whether the fault hits the command's target (the standby of a switchover, failover or replica; the
 *     rejoining host) rather than the other database host
 * @param point the step (or progress line) push must have printed before the fault; 0 puts the fault before the
 *     command starts
 * @param delayMillis from that point to the fault
 * @param outageMillis how long a link stays down
 * @param discard for a replica: whether the drill first discards the standby's cluster (so that it holds no database);
 *     otherwise the command must refuse a host that holds one
 */
public record Plan(long seed, int run, Operation operation, FaultKind fault, boolean onTarget, int point,
                   long delayMillis, long outageMillis, boolean discard) {

    public static Plan of(long seed, int run, List<Operation> operations) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + run);
        Operation operation = operations.get(random.nextInt(operations.size()));
        FaultKind fault = FaultKind.values()[random.nextInt(FaultKind.values().length)];
        boolean onTarget = random.nextBoolean();
        // Point 0 is before the command starts: its checks must notice the fault, not only its steps.
        int point = random.nextInt(operation.points() + 1);
        long delay = point == 0 ? 0 : random.nextLong(1_500);
        long outage = 3_000 + random.nextLong(5_000);
        return new Plan(seed, run, operation, fault, onTarget, point, delay, outage, random.nextBoolean());
    }

    public String replay() {
        return "-Ddrill.seed=" + seed + " -Ddrill.runs=" + run;
    }

    @Override
    public String toString() {
        return "run " + run + ": " + operation.name().toLowerCase() + (operation == Operation.REPLICA
                ? (discard ? " (standby discarded first)" : " (onto a standby that holds the database)") : "")
                + ", " + fault.name().toLowerCase().replace('_', ' ') + (fault == FaultKind.PUSH_KILLED ? ""
                : " on the " + (onTarget ? "target" : "other host")) + (point == 0 ? " before the command" : " " + delayMillis + " ms after its output point " + point)
                + (fault == FaultKind.LINK_DOWN ? " for " + outageMillis + " ms" : "");
    }
}
