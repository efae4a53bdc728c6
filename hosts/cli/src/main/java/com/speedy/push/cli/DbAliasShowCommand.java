package com.speedy.push.cli;

import com.speedy.push.db.DbAliasJobs;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.RolloutOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = "What `db` resolves to on each host (getent ahosts db), naming the inventory host at that address;"
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
        List<HostResult> results = Sessions.quiet(inv, "db-alias").run(inv.select(targets, targets.isEmpty()), new RolloutOptions(RolloutOptions.DEFAULT_PARALLEL, 0,
                        Integer.MAX_VALUE, false), DbAliasJobs.show());
        Map<String, Long> answers = results.stream().filter(r -> r.outcome() == HostResult.Outcome.OK)
                .collect(Collectors.groupingBy(HostResult::detail, TreeMap::new, Collectors.counting()));
        long answered = answers.values().stream().mapToLong(Long::longValue).sum();
        // The answer more than half the hosts give; with none (a split), every host is flagged.
        String majority = answers.entrySet().stream().filter(e -> e.getValue() * 2 > answered).map(Map.Entry::getKey)
                .findFirst().orElse("");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("HOST", "DB", "DB HOST", ""));
        boolean disagree = false;
        for (HostResult r : results) {
            boolean ok = r.outcome() == HostResult.Outcome.OK;
            String address = ok ? r.detail() : "";
            String name = inv.hosts().stream().filter(h -> h.address().equals(address)).map(h -> h.name().toString())
                    .findFirst().orElse("");
            String flag = !ok ? r.outcome().name().toLowerCase() + ": " + r.detail()
                    : address.isEmpty() ? "NOT SET" : address.equals(majority) ? "" : "DISAGREES";
            disagree |= !flag.isEmpty();
            rows.add(List.of(r.host().name().toString(), Table.orDash(address), Table.orDash(name), flag));
        }
        Table.print(spec.commandLine().getOut(), rows);
        return disagree ? Push.SOME_FAILED : 0;
    }
}
