package com.speedy.push.cli;

import com.speedy.push.rollout.HostLogs;
import com.speedy.push.rollout.RolloutOptions;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
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

    @Option(names = "--log-dir", paramLabel = "DIR", defaultValue = "${PUSH_LOG_DIR:-push-logs}",
            description = "each host's full remote output goes to DIR/RUN/HOST.log (default: $PUSH_LOG_DIR, else"
                    + " push-logs)")
    Path logDir;

    RolloutOptions options() {
        return new RolloutOptions(parallel, serial, maxFail, dryRun);
    }

    /** This run's log folder, named by its start time. */
    HostLogs logs(String command) {
        String run = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + command;
        return new HostLogs(logDir.resolve(run));
    }
}
