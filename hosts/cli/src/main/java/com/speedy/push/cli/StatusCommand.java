package com.speedy.push.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.HostStatus;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.rollout.RolloutOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "A table of host x package: the installed version, the newest in the host's suite, and the"
                + " package's systemd units. Changes nothing.",
        footer = {"", "Examples:", "  push status", "  push status app --json | jq '.[] | select(.error != \"\")'"})
final class StatusCommand implements Callable<Integer> {
    /** The company's packages: what status shows for a host whose inventory entry names none. */
    static final List<String> SPEEDY_PACKAGES = List.of("speedy-app", "speedy-notifier", "speedy-jobs");

    @Mixin
    InventoryOption inventory;

    @Parameters(paramLabel = "HOST|GROUP", arity = "0..*", description = "the hosts or groups (default: all)")
    List<String> targets = List.of();

    @Option(names = "--json", description = "one JSON array of hosts, for scripts")
    boolean json;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "" + RolloutOptions.DEFAULT_PARALLEL,
            description = "hosts at once at most (default: ${DEFAULT-VALUE})")
    int parallel;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Inventory inv = inventory.read();
        List<HostStatus> statuses = collect(inv, inv.select(targets, targets.isEmpty()), parallel);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(statuses.stream()
                    .map(JsonRow::of).toList()));
        } else {
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("HOST", "PACKAGE", "INSTALLED", "AVAILABLE", "UNITS"));
            for (HostStatus s : statuses) {
                if (!s.error().isEmpty()) {
                    rows.add(List.of(s.host().name().toString(), "-", "-", "-", s.error()));
                }
                for (HostStatus.PackageStatus p : s.packages()) {
                    rows.add(List.of(s.host().name().toString(), p.name(), Table.orDash(p.installed()),
                            Table.orDash(p.available()), Table.orDash(p.units())));
                }
            }
            Table.print(out, rows);
            List<String> on = statuses.stream().filter(s -> s.maintenance().equals("on"))
                    .map(s -> s.host().name().toString()).toList();
            if (!on.isEmpty()) {
                out.println();
                out.println("maintenance mode is on at " + String.join(", ", on) + " (push maintenance off ends it)");
            }
        }
        return statuses.stream().anyMatch(s -> !s.error().isEmpty()) ? Push.SOME_FAILED : 0;
    }

    /**
     * Asks each host, {@code parallel} at once, for the company's packages and those the inventory names for it: what
     * {@code push status} shows, and what {@code push dashboard} shows of each host. A host that could not be asked has
     * no packages and its error says why.
     */
    static List<HostStatus> collect(Inventory inv, List<Host> hosts, int parallel) throws InterruptedException {
        return Sessions.quiet(inv, "status").run(hosts, new RolloutOptions(parallel, 0, Integer.MAX_VALUE, false),
                job(hosts), StatusCommand::unanswered, s -> !s.error().isEmpty());
    }

    /** The job that asks one host: the company's packages and every package the inventory names for {@code hosts}. */
    static Rollout.HostJob<HostStatus> job(List<Host> hosts) {
        Set<String> names = new LinkedHashSet<>(SPEEDY_PACKAGES);
        hosts.forEach(h -> h.packages().forEach(p -> names.add(p.name().toString())));
        return HostStatus.of(List.copyOf(names));
    }

    /** A host that could not be asked: why, e.g. {@code unreachable: connection refused}. */
    static HostStatus unanswered(Host host, HostResult.Outcome outcome, String why, Path log) {
        return new HostStatus(host, List.of(), "", outcome.name().toLowerCase() + ": " + why);
    }

    /** One host in --json (and in the dashboard's data). */
    record JsonRow(String host, String address, List<HostStatus.PackageStatus> packages, Boolean maintenance,
            String error) {
        static JsonRow of(HostStatus s) {
            return new JsonRow(s.host().name().toString(), s.host().address(), s.packages(),
                    s.maintenance().isEmpty() ? null : s.maintenance().equals("on"), s.error());
        }
    }
}
