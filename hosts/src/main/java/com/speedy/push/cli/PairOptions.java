package com.speedy.push.cli;

import com.speedy.push.db.PairChange;
import com.speedy.push.inventory.GroupName;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.InvalidNameException;
import com.speedy.push.inventory.SelectionException;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.inventory.PackageSpec;
import com.speedy.push.rollout.HostLogs;
import com.speedy.push.ssh.KeptSessions;
import com.speedy.push.rollout.Rollout;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** What switchover and failover share: the inventory, --to, --timeout, the log folder, and how they print. */
final class PairOptions {
    /** The packages whose hosts take part: maintenance mode, background units, the check that the app writes. */
    static final Set<String> SERVICES = Set.of("speedy-app", "speedy-notifier", "speedy-jobs");
    /** The package whose hosts must log in to the new primary before it is promoted. */
    static final String APP = "speedy-app";

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

    /** The pair from the inventory: --to, and the group db's other host. */
    PairChange pair(Inventory inv, CommandSpec spec) throws InvalidNameException, SelectionException {
        if (timeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--timeout must be at least 1 second");
        }
        List<Host> dbHosts = inv.members(GroupName.parse(DbStatusCommand.DB_GROUP));
        Host target = inv.namedHost(targetName, "--to");
        if (!dbHosts.contains(target)) {
            throw new ParameterException(spec.commandLine(), "--to " + targetName + " is not in the group "
                    + DbStatusCommand.DB_GROUP + " of " + inv.file());
        }
        if (dbHosts.size() != 2) {
            throw new ParameterException(spec.commandLine(), "the group " + DbStatusCommand.DB_GROUP + " of "
                    + inv.file() + " has " + dbHosts.size() + " host(s): a switchover or failover is between a pair");
        }
        Host other = dbHosts.get(0).equals(target) ? dbHosts.get(1) : dbHosts.get(0);
        List<Host> serviceHosts = inv.hosts().stream().filter(h -> h.packages().stream().map(PackageSpec::name)
                .anyMatch(p -> SERVICES.contains(p.toString()))).toList();
        List<Host> appHosts = inv.hosts().stream().filter(h -> h.packages().stream().map(PackageSpec::name)
                .anyMatch(p -> p.toString().equals(APP))).toList();
        return new PairChange(target, other, inv.hosts(), serviceHosts, appHosts, Duration.ofSeconds(timeoutSeconds));
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
