package com.speedy.push.cli;

import com.speedy.push.db.DbAliasJobs;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.Inventory;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "set", mixinStandardHelpOptions = true,
        description = "Points `db` at DBHOST's address on every host (or those named), in parallel: push's block in"
                + " /etc/hosts is rewritten and every other line kept byte for byte; the previous file is kept in"
                + " /etc/hosts.speedy-previous; getent checks the result on each host.",
        footer = {"", "Examples:", "  push db alias set db2", "  push db alias set db2 app --dry-run"})
final class DbAliasSetCommand implements Callable<Integer> {
    @Mixin
    InventoryOption inventory;

    @Mixin
    RolloutOptionsMixin rollout;

    @Parameters(index = "0", paramLabel = "DBHOST", description = "the inventory host that is the primary now")
    String dbHost;

    @Parameters(index = "1..*", paramLabel = "HOST|GROUP", description = "the hosts to change (default: all)")
    List<String> targets = List.of();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Inventory inv = inventory.read();
        Host primary = inv.namedHost(dbHost, "DBHOST");
        if (rollout.dryRun) {
            spec.commandLine().getOut().println("would point db at " + primary.address() + " (" + primary.name()
                    + ") on: " + String.join(" ", inv.select(targets, targets.isEmpty()).stream()
                    .map(h -> h.name().toString()).toList()));
            return 0;
        }
        return Sessions.change(inv, rollout, "db-alias-set", inv.select(targets, targets.isEmpty()),
                DbAliasJobs.set(primary.address()), spec.commandLine().getOut());
    }
}
