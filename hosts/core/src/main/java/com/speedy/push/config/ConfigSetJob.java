package com.speedy.push.config;

import com.speedy.push.inventory.Host;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.HostSteps;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.ssh.CommandResult;
import com.speedy.push.ssh.SshException;
import com.speedy.push.sudo.RootScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code push config set} on one host: the key set in the package's conffile (mode 0640, root:speedy, as the package
 * makes it), then the service restarted if it runs; a mark between the two lets a run stopped before the restart be
 * finished by the next. The conffile is read and written without its text in the log or
 * on a command line: it goes over the session's standard streams only.
 */
public final class ConfigSetJob implements Rollout.HostJob<HostResult> {
    static final String OWNER = "root:speedy";
    static final String MODE = "0640";
    /** A package's file here says its conffile changed and its service has yet to restart. */
    static final String PENDING_DIR = "/var/lib/speedy-push/restart-pending";

    private final String packageName;
    private final String key;
    private final String value;
    private final boolean checkOnly;

    /** @param checkOnly only check that the host has the conffile: the first pass over every host */
    public ConfigSetJob(String packageName, String key, String value, boolean checkOnly) {
        this.packageName = packageName;
        this.key = key;
        this.value = value;
        this.checkOnly = checkOnly;
    }

    @Override
    public HostResult run(HostSteps steps) throws IOException, SshException, InterruptedException {
        Host host = steps.host();
        String path = ConfFile.path(packageName);
        CommandResult read = steps.runWithheld(List.of("cat", path));
        if (read.exitStatus() != 0) {
            throw new IOException("no " + path + " (is " + packageName + " installed?); nothing was changed");
        }
        String text = read.stdoutText();
        String pending = PENDING_DIR + "/" + packageName;
        boolean set = ConfFile.has(text, key, value);
        // Marked by a run that changed the conffile and was stopped before the restart: the service still runs with
        // the old value, so "as set" is not the whole truth yet.
        boolean restartPending = steps.run(List.of("test", "-e", pending)).exitStatus() == 0;
        if (set && !restartPending) {
            return new HostResult(host, HostResult.Outcome.OK, "unchanged: " + key + " as set", List.of(),
                    steps.logFile());
        }
        if (checkOnly) {
            return new HostResult(host, HostResult.Outcome.OK, set ? "would restart " + packageName + " (an earlier"
                    + " run changed " + path + " and stopped before restarting it)" : "would set " + key + " in "
                    + path, List.of(), steps.logFile());
        }
        if (!set) {
            steps.check(List.of("install", "-d", "-m", "0755", PENDING_DIR), "creating " + PENDING_DIR);
            steps.check(List.of("touch", pending), "marking " + packageName + "'s restart as pending");
            steps.progress("setting " + key + " in " + path);
            steps.upload(ConfFile.set(text, key, value).getBytes(StandardCharsets.UTF_8), path, MODE, OWNER);
        }
        // A package may have no service of its name (speedy-jobs has timers, whose runs read the conffile anew).
        CommandResult restart = steps.run(RootScript.TRY_RESTART.argv(packageName + ".service"));
        if (restart.exitStatus() != 0) {
            throw new IOException(key + " is set, but " + packageName + " did not restart: "
                    + HostSteps.lastLine(restart));
        }
        steps.check(List.of("rm", "-f", pending), "clearing " + pending);
        return new HostResult(host, HostResult.Outcome.CHANGED, (set ? key + " was set in " + path + " by a run"
                + " stopped before its restart" : key + " set in " + path) + "; " + packageName + " restarted if it"
                + " ran", List.of(), steps.logFile());
    }
}
