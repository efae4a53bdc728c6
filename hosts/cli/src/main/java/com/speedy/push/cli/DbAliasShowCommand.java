package com.speedy.push.cli;

import com.speedy.push.db.DbAliasJobs;
import com.speedy.push.db.HostsFile;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.RolloutOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = "What `db` and `db-ro` resolve to on each host (getent ahosts), naming the inventory host at each"
                + " address;"
                + " hosts that disagree with the answer of more than half the hosts are flagged (all of them when there"
                + " is no such answer), and the exit status is then 1.",
        footer = {"", "Example:", "  push db alias show app"})
final class DbAliasShowCommand implements Callable<Integer> {
    @Mixin
    InventoryOption inventory;

    @Parameters(paramLabel = "HOST|GROUP", arity = "0..*", description = "the hosts or groups (default: all)")
    List<String> targets = List.of();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Inventory inv = inventory.read();
        List<Host> hosts = inv.select(targets, targets.isEmpty());
        RolloutOptions options = new RolloutOptions(RolloutOptions.DEFAULT_PARALLEL, 0, Integer.MAX_VALUE, false);
        List<HostResult> db = Sessions.quiet(inv, "db-alias").run(hosts, options, DbAliasJobs.show());
        List<HostResult> readOnly = Sessions.quiet(inv, "db-alias").run(hosts, options,
                DbAliasJobs.show(HostsFile.READ_ONLY_ALIAS));
        String majority = majority(db);
        String readOnlyMajority = majority(readOnly);
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("HOST", "DB", "DB HOST", "DB-RO", "DB-RO HOST", ""));
        boolean disagree = false;
        for (int i = 0; i < hosts.size(); i++) {
            HostResult r = db.get(i);
            HostResult ro = readOnly.get(i);
            List<String> flags = new ArrayList<>();
            flag(r, majority, "").ifPresent(flags::add);
            flag(ro, readOnlyMajority, "db-ro ").ifPresent(flags::add);
            disagree |= !flags.isEmpty();
            rows.add(List.of(r.host().name().toString(), Table.orDash(address(r)), Table.orDash(hostAt(inv, r)),
                    Table.orDash(address(ro)), Table.orDash(hostAt(inv, ro)), String.join("; ", flags)));
        }
        Table.print(spec.commandLine().getOut(), rows);
        return disagree ? Push.SOME_FAILED : 0;
    }

    /** The answer more than half the hosts give; with none (a split), "" and every host is flagged. */
    private static String majority(List<HostResult> results) {
        Map<String, Long> answers = results.stream().filter(r -> r.outcome() == HostResult.Outcome.OK)
                .collect(Collectors.groupingBy(HostResult::detail, TreeMap::new, Collectors.counting()));
        long answered = answers.values().stream().mapToLong(Long::longValue).sum();
        return answers.entrySet().stream().filter(e -> e.getValue() * 2 > answered).map(Map.Entry::getKey)
                .findFirst().orElse("");
    }

    private static String address(HostResult r) {
        return r.outcome() == HostResult.Outcome.OK ? r.detail() : "";
    }

    /** The inventory host at the address {@code r} found, or "". */
    private static String hostAt(Inventory inv, HostResult r) {
        return inv.hosts().stream().filter(h -> h.address().equals(address(r))).map(h -> h.name().toString())
                .findFirst().orElse("");
    }

    private static Optional<String> flag(HostResult r, String majority, String prefix) {
        if (r.outcome() != HostResult.Outcome.OK) {
            return Optional.of(prefix + r.outcome().name().toLowerCase() + ": " + r.detail());
        }
        return r.detail().isEmpty() ? Optional.of(prefix + "NOT SET")
                : r.detail().equals(majority) ? Optional.empty() : Optional.of(prefix + "DISAGREES");
    }
}
