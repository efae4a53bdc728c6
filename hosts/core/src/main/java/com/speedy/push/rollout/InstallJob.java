package com.speedy.push.rollout;

import com.speedy.push.apt.AptCommands;
import com.speedy.push.apt.AptOutput;
import com.speedy.push.apt.Candidates;
import com.speedy.push.apt.Installed;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.PackageSpec;
import com.speedy.push.ssh.CommandResult;
import com.speedy.push.ssh.CommandTimeoutException;
import com.speedy.push.ssh.ConnectionLostException;
import com.speedy.push.ssh.NoExitStatusException;
import com.speedy.push.ssh.SshException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code push install} and {@code push upgrade} on one host: plan from what dpkg has and what apt offers, then act;
 * a failed install puts back the versions the host had before (recorded in the plan) and says so in the row.
 */
public final class InstallJob implements Rollout.HostJob<HostResult> {
    /** How long push tries to log in again after the connection broke while apt ran. */
    public static final Duration RECONNECT_WITHIN = Duration.ofSeconds(60);

    private final Function<Host, List<PackageSpec>> wanted;
    private final boolean dryRun;
    private final int lockTimeoutSeconds;
    private final Duration reconnectWithin;

    public InstallJob(Function<Host, List<PackageSpec>> wanted, boolean dryRun) {
        this(wanted, dryRun, AptCommands.DPKG_LOCK_TIMEOUT_SECONDS, RECONNECT_WITHIN);
    }

    /**
     * @param lockTimeoutSeconds how long apt waits for another process's dpkg lock before giving up (changing nothing)
     * @param reconnectWithin how long to try logging in again after the connection broke while apt ran
     */
    public InstallJob(Function<Host, List<PackageSpec>> wanted, boolean dryRun, int lockTimeoutSeconds,
            Duration reconnectWithin) {
        this.wanted = wanted;
        this.dryRun = dryRun;
        this.lockTimeoutSeconds = lockTimeoutSeconds;
        this.reconnectWithin = reconnectWithin;
    }

    @Override
    public HostResult run(HostSteps steps) throws IOException, SshException, InterruptedException {
        Host host = steps.host();
        List<PackageSpec> packages = wanted.apply(host);
        if (packages.isEmpty()) {
            return new HostResult(host, HostResult.Outcome.OK, "nothing to install here", List.of(), steps.logFile());
        }
        steps.progress("updating the repository's package lists");
        steps.updateLists();
        List<String> names = packages.stream().map(p -> p.name().toString()).toList();
        String policy = steps.check(AptCommands.candidates(names), "apt-cache policy").stdoutText();
        HostPlan plan = HostPlan.of(host, packages, Installed.fromPolicy(policy), Candidates.parse(policy));
        if (!plan.problems().isEmpty()) {
            return failed(steps, String.join("; ", plan.problems()), List.of());
        }
        List<Change> pending = plan.pending();
        if (pending.isEmpty()) {
            steps.progress("up to date");
            return new HostResult(host, HostResult.Outcome.OK, "up to date", plan.changes(), steps.logFile());
        }
        List<String> targets = pending.stream().map(Change::aptTarget).toList();
        if (dryRun) {
            CommandResult simulated = steps.run(AptCommands.install(targets, true));
            if (simulated.exitStatus() != 0) {
                return failed(steps, "apt would refuse: " + HostSteps.lastLine(simulated), pending);
            }
            steps.progress("would change " + describe(pending));
            return new HostResult(host, HostResult.Outcome.OK, "would change " + describe(pending), pending,
                    steps.logFile());
        }
        steps.progress("installing " + describe(pending));
        CommandResult installed;
        try {
            installed = steps.runApt(AptCommands.install(targets, false, lockTimeoutSeconds));
        } catch (ConnectionLostException | NoExitStatusException | CommandTimeoutException lost) {
            // apt may have finished, or be running still: "failed" would be a guess, and a rollback a blind one.
            return afterLostConnection(steps, pending, lost);
        }
        if (installed.exitStatus() == 0 && asPlanned(steps, pending)) {
            steps.progress("changed " + describe(pending));
            return new HostResult(host, HostResult.Outcome.CHANGED, describe(pending), pending, steps.logFile());
        }
        if (installed.exitStatus() != 0 && AptOutput.dpkgLockTimedOut(installed.stderrText())) {
            // apt gave up before it touched anything: there is nothing to roll back.
            String holder = AptOutput.lockHolderAtTimeout(installed.stdoutText(), installed.stderrText())
                    .orElse("another process");
            return failed(steps, "the dpkg lock was held by " + holder + " for more than "
                    + lockTimeoutSeconds + " s; apt gave up waiting and nothing changed (nothing rolled back)",
                    pending);
        }
        String why = installed.exitStatus() != 0 ? HostSteps.lastLine(installed)
                : "dpkg does not show the planned versions";
        steps.progress("failed (" + why + "); rolling back");
        return failed(steps, why + "; " + rollBack(steps, pending), pending);
    }

    /**
     * The connection broke while apt ran: the outcome is unknown until the host answers again. Then dpkg says what
     * happened, once apt (if it still runs) has let go of the dpkg lock.
     */
    private HostResult afterLostConnection(HostSteps steps, List<Change> pending, SshException lost)
            throws IOException, SshException, InterruptedException {
        Host host = steps.host();
        long seconds = reconnectWithin.toSeconds();
        steps.progress("connection lost while apt ran (" + lost.getMessage() + "): outcome UNKNOWN;"
                + " reconnecting to find out (for up to " + seconds + " s)");
        String next = "run push status " + host.name() + ", then push the change again";
        if (!steps.reconnect(reconnectWithin)) {
            String why = "UNKNOWN: the connection was lost while apt ran (" + describe(pending) + ") and "
                    + host.name() + " did not answer again within " + seconds + " s; when it is back, " + next;
            steps.progress(why);
            return new HostResult(host, HostResult.Outcome.UNKNOWN, why, pending, steps.logFile());
        }
        boolean aptDone = steps.awaitDpkgUnlocked(reconnectWithin);
        Installed now = steps.installed(pending.stream().map(Change::name).toList());
        if (pending.stream().allMatch(c -> now.version(c.name()).filter(c.to()::equals).isPresent())) {
            String detail = describe(pending) + " (the connection was lost while apt ran; on reconnecting, dpkg shows"
                    + " the planned versions)";
            steps.progress("changed " + detail);
            return new HostResult(host, HostResult.Outcome.CHANGED, detail, pending, steps.logFile());
        }
        String shows = String.join(", ", pending.stream().map(c -> c.name() + " "
                + now.get(c.name()).map(p -> p.version() + " " + p.status()).orElse("not installed")).toList());
        if (!aptDone) {
            String why = "UNKNOWN: the connection was lost while apt ran; apt still holds the dpkg lock after "
                    + seconds + " s (dpkg shows " + shows + "); " + next;
            steps.progress(why);
            return new HostResult(host, HostResult.Outcome.UNKNOWN, why, pending, steps.logFile());
        }
        return failed(steps, "the connection was lost while apt ran, and on reconnecting dpkg shows " + shows
                + ", not the planned versions; nothing rolled back: " + next, pending);
    }

    static String describe(List<Change> changes) {
        return String.join(", ", changes.stream().map(Change::toString).toList());
    }

    private static HostResult failed(HostSteps steps, String why, List<Change> changes) {
        steps.progress("failed: " + why);
        return new HostResult(steps.host(), HostResult.Outcome.FAILED, why, changes, steps.logFile());
    }

    private static boolean asPlanned(HostSteps steps, List<Change> changes)
            throws IOException, SshException, InterruptedException {
        Installed now = steps.installed(changes.stream().map(Change::name).toList());
        return changes.stream().allMatch(c -> now.version(c.name()).filter(c.to()::equals).isPresent());
    }

    /** Puts back what the host had: the previous version of each package; what was new is removed. */
    public static String rollBack(HostSteps steps, List<Change> changes)
            throws IOException, SshException, InterruptedException {
        List<String> previous = changes.stream().filter(c -> c.from().isPresent())
                .map(c -> c.name() + "=" + c.from().get()).toList();
        List<String> added = changes.stream().filter(c -> c.from().isEmpty()).map(Change::name).toList();
        List<String> undone = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        if (!previous.isEmpty()) {
            (steps.runApt(AptCommands.install(previous, false)).exitStatus() == 0 ? undone : failures)
                    .add("back to " + String.join(" ", previous));
        }
        if (!added.isEmpty()) {
            (steps.runApt(AptCommands.remove(added, false, false)).exitStatus() == 0 ? undone : failures)
                    .add("removed " + String.join(" ", added));
        }
        if (!failures.isEmpty()) {
            return "ROLLBACK FAILED (" + String.join("; ", failures) + "); see " + steps.logFile();
        }
        return "rolled back: " + String.join("; ", undone);
    }
}
