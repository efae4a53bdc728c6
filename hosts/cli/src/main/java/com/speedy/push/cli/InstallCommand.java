package com.speedy.push.cli;

import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.rollout.InstallJob;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "install", mixinStandardHelpOptions = true,
        description = "Installs packages on hosts, each at the version named or the newest in the host's suite. A host"
                + " whose install fails is put back to the versions it had.",
        footer = {"", "Examples:", "  push install speedy-app host1",
            "  push install speedy-app=1.0.0-1 speedy-jobs app --serial 1 --dry-run"})
final class InstallCommand implements Callable<Integer> {
    @Mixin
    InventoryOption inventory;

    @Mixin
    RolloutOptionsMixin rollout;

    @Mixin
    LockTimeoutOption lockTimeout;

    @Parameters(paramLabel = "PKG[=VERSION]|HOST|GROUP", arity = "1..*",
            description = "packages, then the hosts or groups to install them on (a word the inventory names as a"
                    + " host or group is a target)")
    List<String> words;

    @Mixin
    AllHostsOption allHosts;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int lockSeconds = lockTimeout.seconds(spec.commandLine());
        Inventory inv = inventory.read();
        Arguments args = Arguments.split(words, inv);
        if (args.packages().isEmpty() && args.neither().isEmpty()) {
            throw new ParameterException(spec.commandLine(), "name at least one package to install");
        }
        List<Host> hosts = args.select(inv, allHosts.all, Arguments.Packages.IN_THE_REPOSITORY, spec.commandLine().getOut());
        return Sessions.change(inv, rollout, "install", hosts,
                new InstallJob(host -> args.packages(), rollout.dryRun,
                        lockSeconds, InstallJob.RECONNECT_WITHIN), spec.commandLine().getOut());
    }
}
