package com.speedy.push.firewall;

import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.HostName;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.HostSteps;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.ssh.CommandResult;
import com.speedy.push.ssh.RemoteCommand;
import com.speedy.push.ssh.RemoteSession;
import com.speedy.push.ssh.SessionFactory;
import com.speedy.push.ssh.SshException;
import com.speedy.push.ssh.Sudo;
import com.speedy.push.sudo.RootScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code push firewall apply} on one host, with a dead man's switch: the host is first told to put its old rules back
 * by itself after {@code confirmWithin} (a transient systemd timer), then the new rule set is applied in one nft
 * transaction, and push logs in again over a new connection. Only if that works does it stop the timer and make the
 * rules last across reboots (a unit that loads them before the network); if it does not, push leaves the host alone
 * until the timer has put the old rules back, then logs in to confirm it. A push killed at any point leaves the timer
 * to do the same.
 */
public final class FirewallJob implements Rollout.HostJob<HostResult> {
    static final String RUN_DIR = RootScript.Firewall.RUN_DIR;
    static final String CANDIDATE = RUN_DIR + "/candidate.nft";
    static final String RESTORE = RootScript.Firewall.RESTORE;
    static final String ROLLBACK_UNIT = RootScript.Firewall.ROLLBACK_UNIT;
    public static final String RULES_FILE = "/etc/speedy/firewall.nft";
    public static final String UNIT = "speedy-firewall.service";
    static final String UNIT_FILE = "/etc/systemd/system/" + UNIT;
    private static final String NFT = RootScript.Firewall.NFT;
    /** How long after the rollback was due push waits before it asks the host again. */
    private static final Duration AFTER_ROLLBACK = Duration.ofSeconds(5);
    private static final Duration RECONNECT_WITHIN = Duration.ofSeconds(60);

    private final Map<HostName, FirewallRules> rules;
    private final SessionFactory sessions;
    private final Duration confirmWithin;
    private final boolean checkOnly;

    /**
     * @param sessions logs in again over a new connection: the proof that the new rules let push in
     * @param confirmWithin how long the host waits for push's proof before it puts the old rules back
     * @param checkOnly only ask (nft there, the rule set accepted by {@code nft -c}) and say what would change: the
     *     first pass over every host, and a dry run
     */
    public FirewallJob(Map<HostName, FirewallRules> rules, SessionFactory sessions, Duration confirmWithin,
            boolean checkOnly) {
        this.rules = Map.copyOf(rules);
        this.sessions = sessions;
        this.confirmWithin = confirmWithin;
        this.checkOnly = checkOnly;
    }

    static String unitFile() {
        return "# Written by push firewall apply: the rules it confirmed, loaded before the network comes up.\n"
                + "[Unit]\nDescription=push's firewall (the inventory's roles)\nDefaultDependencies=no\n"
                + "Before=network-pre.target\nWants=network-pre.target\n\n"
                + "[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=" + NFT + " -f " + RULES_FILE + "\n\n"
                + "[Install]\nWantedBy=sysinit.target\n";
    }

    @Override
    public HostResult run(HostSteps steps) throws IOException, SshException, InterruptedException {
        Host host = steps.host();
        FirewallRules wanted = rules.get(host.name());
        byte[] script = wanted.nft().getBytes(StandardCharsets.UTF_8);
        byte[] unit = unitFile().getBytes(StandardCharsets.UTF_8);
        if (steps.run(List.of("test", "-x", NFT)).exitStatus() != 0) {
            throw new IOException("no " + NFT + ": install nftables (push bootstrap does); nothing was changed");
        }
        CommandResult current = steps.run(List.of(NFT, "list", "table", "inet", "speedy"));
        boolean inForce = current.exitStatus() == 0 && current.stdoutText().contains("\"" + wanted.marker() + "\"");
        if (inForce && steps.hasFile(RULES_FILE, script) && steps.hasFile(UNIT_FILE, unit)
                && steps.run(List.of("systemctl", "is-enabled", "--quiet", UNIT)).exitStatus() == 0) {
            return new HostResult(host, HostResult.Outcome.OK, "unchanged: " + summary(wanted), List.of(),
                    steps.logFile());
        }
        steps.check(List.of("install", "-d", "-m", "0700", RUN_DIR), "creating " + RUN_DIR);
        steps.upload(script, CANDIDATE, "0600");
        CommandResult check = steps.run(List.of(NFT, "-c", "-f", CANDIDATE));
        if (check.exitStatus() != 0) {
            throw new IOException("nft rejects the rule set: " + HostSteps.lastLine(check) + "; nothing was changed");
        }
        if (checkOnly) {
            steps.progress("ready; would apply " + summary(wanted));
            return new HostResult(host, HostResult.Outcome.OK, "would apply " + summary(wanted), List.of(),
                    steps.logFile());
        }
        if (!inForce) {
            apply(steps, wanted, current);
        }
        steps.progress("making the rules last across reboots (" + UNIT + ")");
        steps.check(List.of("install", "-d", "-m", "0755", "/etc/speedy"), "creating /etc/speedy");
        steps.upload(script, RULES_FILE, "0644");
        steps.upload(unit, UNIT_FILE, "0644");
        steps.check(List.of("systemctl", "daemon-reload"), "systemctl daemon-reload");
        steps.check(List.of("systemctl", "enable", "--quiet", UNIT), "enabling " + UNIT);
        return new HostResult(host, HostResult.Outcome.CHANGED, summary(wanted), List.of(), steps.logFile());
    }

    /** Arms the host's own rollback, applies, proves a new login, and disarms; or waits for the rollback. */
    private void apply(HostSteps steps, FirewallRules wanted, CommandResult current)
            throws IOException, SshException, InterruptedException {
        String restore = "table " + FirewallRules.TABLE + "\ndelete table " + FirewallRules.TABLE + "\n"
                + (current.exitStatus() == 0 ? current.stdoutText() : "");
        steps.upload(restore.getBytes(StandardCharsets.UTF_8), RESTORE, "0600");
        CommandResult restorable = steps.run(List.of(NFT, "-c", "-f", RESTORE));
        if (restorable.exitStatus() != 0) {
            throw new IOException("the host's rules as they are cannot be read back by nft (" + HostSteps.lastLine(
                    restorable) + "), so they could not be put back: nothing was changed");
        }
        disarm(steps);
        steps.progress("the host puts its old rules back by itself in " + confirmWithin.toSeconds() + " s unless"
                + " push confirms the new ones");
        steps.check(RootScript.ARM_FIREWALL_ROLLBACK.argv(Long.toString(confirmWithin.toSeconds())),
                "arming the rollback timer");
        long due = System.nanoTime() + confirmWithin.toNanos();
        CommandResult applied = steps.run(List.of(NFT, "-f", CANDIDATE));
        if (applied.exitStatus() != 0) {
            disarm(steps);
            throw new IOException("nft -f failed: " + HostSteps.lastLine(applied) + "; nothing was applied (an nft"
                    + " file is one transaction)");
        }
        steps.progress("applied " + summary(wanted) + "; logging in again over a new connection");
        try {
            proveNewLogin(steps.host());
        } catch (IOException | SshException e) {
            waitForRollback(steps, wanted, due, e.getMessage());
        }
        disarm(steps);
        CommandResult now = steps.run(List.of(NFT, "list", "table", "inet", "speedy"));
        if (now.exitStatus() != 0 || !now.stdoutText().contains("\"" + wanted.marker() + "\"")) {
            throw new IOException("push confirmed the new rules too late: the host had put its old rules back; run"
                    + " it again (with a longer --confirm-within)");
        }
    }

    private void proveNewLogin(Host host) throws IOException, SshException, InterruptedException {
        try (RemoteSession second = sessions.open(host)) {
            CommandResult result = Sudo.of(host).run(second, RemoteCommand.of("true"));
            if (result.exitStatus() != 0) {
                throw new IOException("a command over the new connection failed: " + result.stderrText().strip());
            }
        }
    }

    /** The new rules shut push out: nothing more is sent until the host has put its old rules back by itself. */
    private void waitForRollback(HostSteps steps, FirewallRules wanted, long due, String why)
            throws IOException, SshException, InterruptedException {
        steps.progress("cannot log in over a new connection (" + why + "); leaving the host to put its old rules"
                + " back");
        long wait = due - System.nanoTime() + AFTER_ROLLBACK.toNanos();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000);
        }
        if (!steps.reconnect(RECONNECT_WITHIN)) {
            throw new IOException("the new rules shut push out (" + why + "), and push could not log in "
                    + RECONNECT_WITHIN.toSeconds() + " s after the host was due to put its old rules back: look at"
                    + " the host from its console");
        }
        CommandResult now = steps.run(List.of(NFT, "list", "table", "inet", "speedy"));
        boolean rolledBack = now.exitStatus() != 0 || !now.stdoutText().contains("\"" + wanted.marker() + "\"");
        throw new IOException("the new rules shut push out (" + why + ")" + (rolledBack
                ? "; the host put its old rules back by itself after " + confirmWithin.toSeconds() + " s"
                : "; the host still has them, though push logs in again: run it again"));
    }

    /** Stops a rollback timer armed before (this run's, or a killed run's), so that it cannot fire later. */
    private static void disarm(HostSteps steps) throws IOException, SshException, InterruptedException {
        steps.run(List.of("systemctl", "stop", ROLLBACK_UNIT + ".timer", ROLLBACK_UNIT + ".service"));
        steps.run(List.of("systemctl", "reset-failed", ROLLBACK_UNIT + ".timer", ROLLBACK_UNIT + ".service"));
    }

    static String summary(FirewallRules wanted) {
        return wanted.rules().size() + " open port(s), the rest dropped (" + wanted.marker() + ")";
    }
}
