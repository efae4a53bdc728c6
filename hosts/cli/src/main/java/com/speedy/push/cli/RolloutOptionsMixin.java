package com.speedy.push.cli;

import com.speedy.push.rollout.HostLogs;
import com.speedy.push.rollout.RolloutOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How a command goes through its hosts: shared by every command that changes hosts. */
final class RolloutOptionsMixin {
    @Option(names = "--dry-run", description = "show per host what would change (apt's own simulation); change nothing")
    boolean dryRun;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "" + RolloutOptions.DEFAULT_PARALLEL,
            description = "hosts at once at most (default: ${DEFAULT-VALUE})")
    int parallel;

    @Option(names = "--serial", paramLabel = "N", defaultValue = "0",
            description = "go through the hosts N at a time, a batch after the other (default: all at once)")
    int serial;

    @Option(names = "--max-fail", paramLabel = "N", defaultValue = "0",
            description = "start no new batch once more than N hosts failed, counted over all batches (default: 0)")
    int maxFail;

    @Mixin
    LogDirOption logDir;

    /** Every host at once (up to the default parallelism), none skipped for another's failure. */
    static RolloutOptions everyHost() {
        return new RolloutOptions(RolloutOptions.DEFAULT_PARALLEL, 0, Integer.MAX_VALUE, false);
    }

    RolloutOptions options() {
        return new RolloutOptions(parallel, serial, maxFail, dryRun);
    }

    /** This run's log folder, named by its start time. */
    HostLogs logs(String command) {
        return logDir.logs(command);
    }
}
