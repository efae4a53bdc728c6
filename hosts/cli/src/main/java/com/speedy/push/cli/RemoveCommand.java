package com.speedy.push.cli;

import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.rollout.RemoveJob;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "remove", mixinStandardHelpOptions = true,
        description = "Removes packages from hosts, keeping their configuration; --purge removes that too.",
        footer = {"", "Example:", "  push remove speedy-notifier host2 --purge"})
final class RemoveCommand implements Callable<Integer> {
    @Mixin
    InventoryOption inventory;

    @Mixin
    RolloutOptionsMixin rollout;

    @Parameters(paramLabel = "PKG|HOST|GROUP", arity = "1..*", description = "packages, then hosts or groups")
    List<String> words;

    @Option(names = "--purge", description = "remove the configuration and the package's data too")
    boolean purge;

    @Mixin
    AllHostsOption allHosts;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Inventory inv = inventory.read();
        Arguments args = Arguments.split(words, inv);
        if (args.packages().isEmpty() && args.neither().isEmpty()) {
            throw new ParameterException(spec.commandLine(), "name at least one package to remove");
        }
        List<Host> hosts = args.select(inv, allHosts.all, Arguments.Packages.ON_THE_HOSTS, spec.commandLine().getOut());
        List<String> names = args.packages().stream().map(p -> p.name().toString()).toList();
        return Sessions.change(inv, rollout, "remove", hosts,
                new RemoveJob(names, purge, rollout.dryRun), spec.commandLine().getOut());
    }
}
