package com.speedy.push.cli;

import com.speedy.push.inventory.Inventory;
import com.speedy.push.lb.LbJobs;
import com.speedy.push.lb.LbPool;
import com.speedy.push.rollout.HostLogs;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.rollout.RolloutOptions;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sync", mixinStandardHelpOptions = true,
        description = {"Writes every balancer's pool from the inventory (" + LbPool.FILE + ": every host that runs"
                + " speedy-app, at port 8080), checks it with nginx -t (a refused pool is replaced by the old one) and"
                + " reloads nginx, which lets its old workers finish their requests. Every app host is put in the"
                + " pool, also those a stopped rolling upgrade left out.",
            "Every balancer is asked first (speedy-lb installed, nginx -t passing): a refusal changes nothing.",
            "Exit codes: 0 written (or as it was), 1 refused or a balancer failed, 2 bad input."},
        footer = {"", "Examples:", "  push lb sync --dry-run   # print the pool", "  push lb sync"})
final class LbSyncCommand implements Callable<Integer> {
    @Mixin
    InventoryOption inventory;

    @Mixin
    LogDirOption logDir;

    @Option(names = "--dry-run", description = "print the pool that would be written; change nothing")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Inventory inv = inventory.read();
        LbPool pool = LbCommand.pool(inv, spec);
        PrintWriter out = spec.commandLine().getOut();
        String file = pool.file(Set.of());
        if (dryRun) {
            out.print(file);
            out.flush();
            return 0;
        }
        HostLogs logs = logDir.logs("lb-sync");
        Rollout rollout = Sessions.rollout(inv, logs, out);
        RolloutOptions all = RolloutOptionsMixin.everyHost();
        List<HostResult> checks = rollout.run(pool.balancers(), all, LbJobs.check());
        if (checks.stream().anyMatch(r -> r.outcome().isFailure())) {
            out.println("push: every balancer must be ready before the first change; nothing was changed");
            Summary.print(out, checks, logs.dir().toString());
            return Push.SOME_FAILED;
        }
        return Summary.print(out, rollout.run(pool.balancers(), all, LbJobs.sync(file)), logs.dir().toString());
    }
}
