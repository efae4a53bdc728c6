package com.speedy.push.cli;

import com.speedy.push.inventory.Inventory;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Reads the inventory and reports every problem in it at once, each with its line and column."
                + " Connects to no host.",
        footer = {"", "Example:", "  push inventory check -i hosts/inventory/example.yaml",
            "", "Exit codes: 0 no problem, 2 problems (each on stderr)."})
final class InventoryCheckCommand implements Callable<Integer> {
    @Mixin
    InventoryOption inventory;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Inventory checked = inventory.read();
        spec.commandLine().getOut().println(checked.file() + ": no problems; " + count(checked.hosts().size(), "host")
                + ", " + count(checked.groups().size(), "group") + ", "
                + count(checked.environments().size(), "environment"));
        return 0;
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
