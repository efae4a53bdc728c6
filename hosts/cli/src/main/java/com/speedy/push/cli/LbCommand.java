package com.speedy.push.cli;

import com.speedy.push.inventory.Inventory;
import com.speedy.push.lb.InvalidLbSetupException;
import com.speedy.push.lb.LbPool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

@Command(name = "lb", mixinStandardHelpOptions = true,
        subcommands = {LbSyncCommand.class},
        description = "The load balancers (group " + LbPool.GROUP + ", running speedy-lb's nginx) and their pool: every"
                + " host that runs speedy-app. push upgrade --rolling takes hosts out of the pool and puts them back.",
        footer = {"", "Examples:", "  push install speedy-lb lb", "  push lb sync --dry-run", "  push lb sync"})
final class LbCommand {
    /** The inventory's balancers and pool, or a usage error saying what to change in which file. */
    static LbPool pool(Inventory inventory, CommandSpec spec) {
        try {
            return LbPool.of(inventory);
        } catch (InvalidLbSetupException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
