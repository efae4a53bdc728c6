package com.speedy.push.cli;

import com.speedy.push.firewall.FirewallJob;
import com.speedy.push.firewall.FirewallRules;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.HostName;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.rollout.HostLogs;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.ssh.SshConnector;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Applies each host's firewall (see push firewall show) with a dead man's switch. Every host is"
                + " asked first (nftables installed, the rule set accepted by nft -c): a refusal changes nothing."
                + " Then, on each host: a timer that puts the old rules back by itself after --confirm-within, the new"
                + " rules in one nft transaction, and a second login over a new connection; only once that works is"
                + " the timer stopped and the rule set made to last across reboots (" + FirewallJob.UNIT + ", loading "
                + FirewallJob.RULES_FILE + "). A rule set that shuts push out is left to the timer, and push logs in"
                + " again once it was due to say so.",
            "Exit codes: 0 applied (or as it was), 1 refused, rolled back or failed, 2 bad input."},
        footer = {"", "Examples:", "  push firewall apply --all --dry-run", "  push firewall apply db1 db2",
            "  push firewall apply --all --confirm-within 60"})
final class FirewallApplyCommand implements Callable<Integer> {
    @Mixin
    InventoryOption inventory;

    @Mixin
    TargetsMixin targets;

    @Mixin
    LogDirOption logDir;

    @Option(names = "--dry-run", description = "ask every host and say what would change; change nothing")
    boolean dryRun;

    @Option(names = "--confirm-within", paramLabel = "SECONDS", defaultValue = "30",
            description = "how long a host waits for push to log in again before it puts its old rules back"
                    + " (default: ${DEFAULT-VALUE})")
    int confirmWithin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Inventory inv = inventory.read();
        List<Host> hosts = targets.select(inv);
        Map<HostName, FirewallRules> rules = FirewallCommand.rules(inv, hosts, spec);
        Duration bound = ConfirmWithin.check(confirmWithin, inv, spec);
        PrintWriter out = spec.commandLine().getOut();
        HostLogs logs = logDir.logs("firewall-apply");
        SshConnector ssh = SshConnector.fromEnvironment(inv.ssh());
        Rollout rollout = Sessions.rollout(inv, logs, out);
        List<HostResult> checks = rollout.run(hosts, RolloutOptionsMixin.everyHost(),
                new FirewallJob(rules, ssh, bound, true));
        if (dryRun || checks.stream().anyMatch(r -> r.outcome().isFailure())) {
            if (!dryRun) {
                out.println("push: every host must be ready before the first change; nothing was changed");
            }
            return Summary.print(out, checks, logs.dir().toString());
        }
        return Summary.print(out, rollout.run(hosts, RolloutOptionsMixin.everyHost(),
                new FirewallJob(rules, ssh, bound, false)), logs.dir().toString());
    }
}
