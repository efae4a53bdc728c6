package com.speedy.push.cli;

import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.inventory.PackageSpec;
import com.speedy.push.lb.LbPool;
import com.speedy.push.lb.RollingUpgrade;
import com.speedy.push.rollout.HostLogs;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.InstallJob;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "upgrade", mixinStandardHelpOptions = true,
        description = "Brings the packages the inventory gives each host (its own and its groups') to the version it"
                + " pins, else the newest in the host's suite; with PKG names, only those. A host whose upgrade fails"
                + " is put back to the versions it had.",
        footer = {"", "Examples:", "  push upgrade --all", "  push upgrade speedy-app app --serial 1 --max-fail 0",
            "  push upgrade app --rolling --canary 1   # behind the load balancers (push lb)"})
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

    @Option(names = "--rolling", description = "one batch at a time behind the load balancers: each out of the pool,"
            + " drained, upgraded, checked by its /healthz to run the new version, back in the pool; at least one app"
            + " host serves throughout. Batches are --serial N hosts (default 1), after a canary batch")
    boolean rolling;

    @Option(names = "--canary", paramLabel = "N", defaultValue = "1",
            description = "with --rolling: the first batch, N hosts, before any other (default: ${DEFAULT-VALUE})")
    int canary;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int lockSeconds = lockTimeout.seconds(spec.commandLine());
        Inventory inv = inventory.read();
        Arguments args = Arguments.split(words, inv);
        List<Host> hosts = args.select(inv, allHosts.all, Arguments.Packages.IN_THE_INVENTORY, spec.commandLine().getOut());
        List<String> only = args.packages().stream().map(p -> p.name().toString()).toList();
        InstallJob install = new InstallJob(host -> wanted(host, only, args.packages()), rollout.dryRun,
                lockSeconds, InstallJob.RECONNECT_WITHIN);
        if (rolling && !rollout.dryRun) {
            return rolling(inv, hosts, install);
        }
        return Sessions.change(inv, rollout, "upgrade", hosts, install, spec.commandLine().getOut());
    }

    private int rolling(Inventory inv, List<Host> hosts, InstallJob install) throws InterruptedException {
        LbPool pool = LbCommand.pool(inv, spec);
        RollingUpgrade.Options options;
        try {
            options = new RollingUpgrade.Options(canary, rollout.serial == 0 ? 1 : rollout.serial, rollout.maxFail,
                    RollingUpgrade.Options.DRAIN_WITHIN, RollingUpgrade.Options.HEALTHY_WITHIN);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        HostLogs logs = rollout.logs("upgrade");
        try {
            List<HostResult> rows = new RollingUpgrade(pool, Sessions.rollout(inv, logs, out), install, options,
                    Summary.progress(out)).run(hosts);
            return Summary.print(out, rows, logs.dir().toString());
        } catch (RollingUpgrade.Stopped stopped) {
            out.println("push: " + stopped.getMessage());
            if (!stopped.rows().isEmpty()) {
                Summary.print(out, stopped.rows(), logs.dir().toString());
            }
            return Push.SOME_FAILED;
        }
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
