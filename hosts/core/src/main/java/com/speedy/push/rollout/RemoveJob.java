package com.speedy.push.rollout;

import com.speedy.push.apt.AptCommands;
import com.speedy.push.apt.AptOutput;
import com.speedy.push.apt.Installed;
import com.speedy.push.ssh.CommandResult;
import com.speedy.push.ssh.SshException;
import java.io.IOException;
import java.util.List;

/** {@code push remove} on one host: the packages it has, removed (configuration kept) or purged. */
public final class RemoveJob implements Rollout.HostJob<HostResult> {
    private final List<String> names;
    private final boolean purge;
    private final boolean dryRun;

    public RemoveJob(List<String> names, boolean purge, boolean dryRun) {
        this.names = List.copyOf(names);
        this.purge = purge;
        this.dryRun = dryRun;
    }

    @Override
    public HostResult run(HostSteps steps) throws IOException, SshException, InterruptedException {
        Installed installed = steps.installed(names);
        // A removed package keeps its configuration (dpkg's rc): purge still has something to do there.
        List<String> present = names.stream()
                .filter(n -> purge ? installed.get(n).isPresent() : installed.version(n).isPresent()).toList();
        if (present.isEmpty()) {
            steps.progress("nothing to " + (purge ? "purge" : "remove"));
            return new HostResult(steps.host(), HostResult.Outcome.OK, "not installed", List.of(), steps.logFile());
        }
        String what = (purge ? "purged " : "removed ") + String.join(" ", present);
        steps.progress((dryRun ? "would: " : "") + what);
        CommandResult result = steps.runApt(AptCommands.remove(present, purge, dryRun));
        if (result.exitStatus() != 0) {
            String why = AptOutput.dpkgLockTimedOut(result.stderrText())
                    ? "the dpkg lock was held by "
                            + AptOutput.lockHolderAtTimeout(result.stdoutText(), result.stderrText())
                                    .orElse("another process")
                            + "; apt gave up waiting and nothing changed"
                    : HostSteps.lastLine(result);
            return new HostResult(steps.host(), HostResult.Outcome.FAILED, why, List.of(), steps.logFile());
        }
        return new HostResult(steps.host(), dryRun ? HostResult.Outcome.OK : HostResult.Outcome.CHANGED,
                (dryRun ? "would have " : "") + what, List.of(), steps.logFile());
    }
}
