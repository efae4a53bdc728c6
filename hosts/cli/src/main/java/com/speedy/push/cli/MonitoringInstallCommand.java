package com.speedy.push.cli;

import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.monitoring.MonitoringJobs;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "install", mixinStandardHelpOptions = true,
        description = "Installs speedy-monitoring (which brings munin-node, NRPE and the monitoring plugins) on hosts"
                + " from the repository, lets the inventory's monitoring server (monitoring.server) ask munin-node and"
                + " NRPE, besides localhost, and restarts both. Nothing else is opened.",
        footer = {"", "Examples:", "  push monitoring install --all", "  push monitoring install app db"})
final class MonitoringInstallCommand implements Callable<Integer> {
    @Mixin
    InventoryOption inventory;

    @Mixin
    RolloutOptionsMixin rollout;

    @Mixin
    TargetsMixin targets;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Inventory inv = inventory.read();
        Host server = MonitoringConfigCommand.server(inv, spec);
        if (rollout.dryRun) {
            throw new ParameterException(spec.commandLine(), "--dry-run: not for monitoring install (use"
                    + " push install speedy-monitoring HOST --dry-run to see the packages it would change)");
        }
        return Sessions.change(inv, rollout, "monitoring-install", targets.select(inv),
                MonitoringJobs.install(List.of(server.address())), spec.commandLine().getOut());
    }
}
