package com.speedy.push.cli;

import com.speedy.push.rollout.HostLogs;
import com.speedy.push.rollout.RolloutRecord;
import java.nio.file.Path;
import java.time.LocalDateTime;
import picocli.CommandLine.Option;

/** Where each host's full remote output goes: shared by every command that changes hosts. */
final class LogDirOption {
    @Option(names = "--log-dir", paramLabel = "DIR", defaultValue = "${PUSH_LOG_DIR:-push-logs}",
            description = "each host's full remote output goes to DIR/RUN/HOST.log (default: $PUSH_LOG_DIR, else"
                    + " push-logs)")
    Path dir;

    /** This run's log folder, named by its start time. */
    HostLogs logs(String command) {
        return RolloutRecord.newRun(dir, command, LocalDateTime.now());
    }
}
