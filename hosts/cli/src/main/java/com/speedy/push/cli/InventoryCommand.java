package com.speedy.push.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "inventory", mixinStandardHelpOptions = true,
        description = "Checks or shows the inventory: the hosts, their groups and packages, the repository, ssh.",
        subcommands = {InventoryCheckCommand.class, InventoryShowCommand.class},
        footer = {"", "Example:", "  push inventory check -i hosts/inventory/example.yaml"})
final class InventoryCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "name a subcommand: check or show");
    }
}
