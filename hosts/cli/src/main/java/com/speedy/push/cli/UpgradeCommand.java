package com.speedy.push.cli;

import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.inventory.PackageSpec;
import com.speedy.push.rollout.InstallJob;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "upgrade", mixinStandardHelpOptions = true,
        description = "Brings the packages the inventory gives each host (its own and its groups') to the version it"
                + " pins, else the newest in the host's suite; with PKG names, only those. A host whose upgrade fails"
                + " is put back to the versions it had.",
        footer = {"", "Examples:", "  push upgrade --all", "  push upgrade speedy-app app --serial 1 --max-fail 0"})
final class UpgradeCommand implements Callable<Integer> {
    @Mixin
    InventoryOption inventory;

    @Mixin
    RolloutOptionsMixin rollout;

    @Mixin
    LockTimeoutOption lockTimeout;

    @Parameters(paramLabel = "PKG|HOST|GROUP", arity = "0..*",
            description = "only these packages (default: all the host's); the hosts or groups (or --all)")
    List<String> words = List.of();

    @Mixin
    AllHostsOption allHosts;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int lockSeconds = lockTimeout.seconds(spec.commandLine());
        Inventory inv = inventory.read();
        Arguments args = Arguments.split(words, inv);
        List<Host> hosts = args.select(inv, allHosts.all, Arguments.Packages.IN_THE_INVENTORY, spec.commandLine().getOut());
        List<String> only = args.packages().stream().map(p -> p.name().toString()).toList();
        return Sessions.change(inv, rollout, "upgrade", hosts,
                new InstallJob(host -> wanted(host, only, args.packages()), rollout.dryRun,
                        lockSeconds, InstallJob.RECONNECT_WITHIN), spec.commandLine().getOut());
    }

    /** The host's packages (only those named, if any), each at a version named on the command line if one is. */
    private static List<PackageSpec> wanted(Host host, List<String> only, List<PackageSpec> named) {
        return host.packages().stream()
                .filter(p -> only.isEmpty() || only.contains(p.name().toString()))
                .map(p -> named.stream().filter(n -> n.name().equals(p.name()) && n.version().isPresent())
                        .findFirst().orElse(p))
                .toList();
    }
}
