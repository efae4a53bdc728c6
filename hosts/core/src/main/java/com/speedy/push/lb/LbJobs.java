package com.speedy.push.lb;

import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.HostSteps;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.ssh.CommandResult;
import com.speedy.push.ssh.SshException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What push does on a load balancer: check that speedy-lb's nginx is there and sound, and write its pool. */
public final class LbJobs {
    /** speedy-lb's own nginx configuration: where it is, speedy-lb is installed. */
    static final String CONF = "/etc/nginx/conf.d/speedy-lb.conf";
    private static final String PREVIOUS = LbPool.FILE + ".push-previous";

    private LbJobs() {}

    /** Reads only: speedy-lb is installed, and nginx takes its configuration as it is now. */
    public static Rollout.HostJob<HostResult> check() {
        return steps -> {
            if (steps.run(List.of("test", "-f", CONF)).exitStatus() != 0) {
                throw new IOException("speedy-lb is not installed here (no " + CONF + "): push install speedy-lb "
                        + steps.host().name());
            }
            nginxTest(steps, "nginx -t refuses the configuration as it is now, before any change");
            return new HostResult(steps.host(), HostResult.Outcome.OK, "speedy-lb's nginx ready", List.of(),
                    steps.logFile());
        };
    }

    /**
     * Writes {@code pool} and has nginx load it: the old file is kept until {@code nginx -t} took the new one, and put
     * back if it did not. A reload lets nginx's old workers finish the requests they have; a pool as it was is left.
     */
    public static Rollout.HostJob<HostResult> sync(String pool) {
        return steps -> {
            CommandResult now = steps.run(List.of("cat", LbPool.FILE));
            boolean running = steps.run(List.of("systemctl", "is-active", "--quiet", "nginx")).exitStatus() == 0;
            if (now.exitStatus() == 0 && now.stdoutText().equals(pool) && running) {
                return new HostResult(steps.host(), HostResult.Outcome.OK, "pool as it was", List.of(),
                        steps.logFile());
            }
            steps.progress("writing the pool (" + pool.lines().filter(l -> l.startsWith("server ")).count()
                    + " app hosts, " + pool.lines().filter(l -> l.contains(" down;")).count() + " out)");
            steps.check(List.of("cp", "-p", LbPool.FILE, PREVIOUS), "keeping the old pool");
            steps.upload(pool.getBytes(StandardCharsets.UTF_8), LbPool.FILE, "0644");
            CommandResult test = steps.run(List.of("nginx", "-t", "-q"));
            if (test.exitStatus() != 0) {
                steps.check(List.of("mv", PREVIOUS, LbPool.FILE), "putting the old pool back");
                throw new IOException("nginx -t refused the new pool, and the old one is back: "
                        + test.stderrText().strip().replace('\n', ' '));
            }
            if (running) {
                steps.check(List.of("systemctl", "reload", "nginx"), "reloading nginx");
            } else {
                steps.check(List.of("systemctl", "enable", "--now", "--quiet", "nginx"), "starting nginx");
            }
            steps.check(List.of("rm", "-f", PREVIOUS), "removing the old pool");
            return new HostResult(steps.host(), HostResult.Outcome.CHANGED, running ? "pool written, nginx reloaded"
                    : "pool written, nginx started", List.of(), steps.logFile());
        };
    }

    private static void nginxTest(HostSteps steps, String what) throws IOException, SshException,
            InterruptedException {
        CommandResult test = steps.run(List.of("nginx", "-t", "-q"));
        if (test.exitStatus() != 0) {
            throw new IOException(what + ": " + test.stderrText().strip().replace('\n', ' '));
        }
    }
}
