package com.speedy.push.backup;

import com.speedy.push.rollout.HostSteps;
import com.speedy.push.ssh.CommandResult;
import com.speedy.push.ssh.SshException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Commands run as the barman user on the backup host (Barman refuses to run as root). */
final class Barman {
    private Barman() {}

    /** {@code argv} run as barman. */
    static List<String> asBarman(String... argv) {
        List<String> command = new ArrayList<>(List.of("runuser", "-u", "barman", "--"));
        command.addAll(List.of(argv));
        return command;
    }

    /** {@code barman COMMAND ARGS...} as barman, which must succeed; a failure carries Barman's own last words. */
    static CommandResult check(HostSteps steps, String what, String... barmanArgs)
            throws IOException, SshException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("runuser", "-u", "barman", "--", "barman"));
        argv.addAll(List.of(barmanArgs));
        CommandResult result = steps.run(argv);
        if (result.exitStatus() != 0) {
            String said = (result.stderrText() + "\n" + result.stdoutText()).strip();
            throw new IOException(what + " failed: " + said.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b)
                    .orElse("exit status " + result.exitStatus()));
        }
        return result;
    }

    /**
     * The failed lines of {@code barman check} that are problems here: not too few backups (minimum_redundancy; the
     * nightly timer adds them) nor their age (push backup status reports it in its own words).
     */
    static List<String> failedChecks(List<String> checkLines) {
        return checkLines.stream().map(String::strip).filter(l -> l.contains(": FAILED"))
                .filter(l -> !l.startsWith("minimum redundancy requirements") && !l.startsWith("backup maximum age"))
                .toList();
    }
}
