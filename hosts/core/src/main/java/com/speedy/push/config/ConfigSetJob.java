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
 * makes it), then the service restarted if it runs. The conffile is read and written without its text in the log or
 * on a command line: it goes over the session's standard streams only.
 */
public final class ConfigSetJob implements Rollout.HostJob<HostResult> {
    static final String OWNER = "root:speedy";
    static final String MODE = "0640";

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
        if (ConfFile.has(text, key, value)) {
            return new HostResult(host, HostResult.Outcome.OK, "unchanged: " + key + " as set", List.of(),
                    steps.logFile());
        }
        if (checkOnly) {
            return new HostResult(host, HostResult.Outcome.OK, "would set " + key + " in " + path, List.of(),
                    steps.logFile());
        }
        steps.progress("setting " + key + " in " + path);
        steps.upload(ConfFile.set(text, key, value).getBytes(StandardCharsets.UTF_8), path, MODE, OWNER);
        // A package may have no service of its name (speedy-jobs has timers, whose runs read the conffile anew).
        CommandResult restart = steps.run(RootScript.TRY_RESTART.argv(packageName + ".service"));
        if (restart.exitStatus() != 0) {
            throw new IOException(key + " is set, but " + packageName + " did not restart: "
                    + HostSteps.lastLine(restart));
        }
        return new HostResult(host, HostResult.Outcome.CHANGED, key + " set in " + path + "; " + packageName
                + " restarted if it ran", List.of(), steps.logFile());
    }
}
