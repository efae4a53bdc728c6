package com.speedy.push.cli;

import com.speedy.push.db.InvalidPairException;
import com.speedy.push.db.PairChange;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.inventory.SelectionException;
import com.speedy.push.rollout.HostLogs;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.ssh.KeptSessions;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** What switchover and failover share: the inventory, --to, --timeout, the log folder, and how they print. */
final class PairOptions {
    @Mixin
    InventoryOption inventory;

    @Mixin
    LogDirOption logDir;

    @Option(names = "--to", required = true, paramLabel = "HOST", description = "the standby to become the primary")
    String targetName;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "how long to wait for the standby's replay and for each app host to write to the new"
                    + " primary (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    /** The pair from the inventory: --to, and the group db's other host; a usage error if there is none. */
    PairChange pair(Inventory inv, CommandSpec spec) throws SelectionException {
        if (timeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--timeout must be at least 1 second");
        }
        try {
            return PairChange.of(inv, targetName, "--to", Duration.ofSeconds(timeoutSeconds));
        } catch (InvalidPairException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Step lines numbered as they come, with the seconds since the start; notes indented under them. */
    static PairChange.Console console(PrintWriter out) {
        Instant started = Instant.now();
        int[] step = {0};
        return new PairChange.Console() {
            @Override
            public void step(String what) {
                out.printf("==> %d. %s   [%.1f s]%n", ++step[0], what,
                        Duration.between(started, Instant.now()).toMillis() / 1000.0);
                out.flush();
            }

            @Override
            public void note(String what) {
                out.println("    " + what);
                out.flush();
            }
        };
    }

    /** Reads the inventory, makes the change with its own log folder, and prints how it ended; the exit code. */
    int execute(CommandSpec spec, String command, String done, Change change) throws Exception {
        Instant started = Instant.now();
        Inventory inv = inventory.read();
        PrintWriter out = spec.commandLine().getOut();
        HostLogs logs = logDir.logs("db-" + command);
        PairChange pair = pair(inv, spec);
        try (KeptSessions sessions = Sessions.kept(inv)) {
            change.of(pair, Sessions.rollout(sessions, logs, out), console(out)).run();
            out.printf("%s %s in %.1f s; logs in %s%n", done, targetName,
                    Duration.between(started, Instant.now()).toMillis() / 1000.0, logs.dir());
            return 0;
        } catch (PairChange.StepFailed failed) {
            out.println();
            out.println("STOPPED: " + failed.getMessage());
            out.println("state: " + failed.state());
            for (String next : failed.next()) {
                out.println("next: " + next);
            }
            if (!failed.results().isEmpty()) {
                Summary.print(out, failed.results(), logs.dir().toString());
            } else {
                out.println("logs in " + logs.dir());
            }
            return Push.SOME_FAILED;
        }
    }

    /** The core call, switchover or failover. */
    @FunctionalInterface
    interface PairCommand {
        void run() throws InterruptedException, PairChange.StepFailed;
    }

    /** Makes the core's switchover or failover from the pair and the wiring. */
    @FunctionalInterface
    interface Change {
        PairCommand of(PairChange pair, Rollout rollout, PairChange.Console console);
    }
}
