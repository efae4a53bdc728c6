package com.speedy.push.cli;

import com.speedy.push.db.DbGroup;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.speedy.push.db.DbAliasJobs;
import com.speedy.push.db.HostsFile;
import com.speedy.push.db.DbHostStatus;
import com.speedy.push.db.PairHealth;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.RolloutOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Each database host's role (primary or standby), timeline and replication (a primary's"
                + " standbys with their state and lag, a standby's replay delay), and how many hosts' `db` points at it;"
                + " under the table, the pair's verdict: healthy, or BROKEN with the reasons. Exit 1 when a host"
                + " could not be asked, a host's `db` is unknown, or the pair is broken (no primary, two primaries, a"
                + " standby whose WAL receiver does not stream from the primary, a primary with no standby attached);"
                + " one database host alone is healthy. Changes nothing.",
        footer = {"", "Examples:", "  push db status", "  push db status db1 db2", "  push db status --json"})
final class DbStatusCommand implements Callable<Integer> {
    /** The group whose hosts are the database hosts when none are named. */
    @Mixin
    InventoryOption inventory;

    @Parameters(paramLabel = "HOST|GROUP", arity = "0..*",
            description = "the database hosts (default: the group " + DbGroup.NAME + ")")
    List<String> targets = List.of();

    @Option(names = "--json", description = "print the hosts, the alias counts and the verdict as JSON, for scripts")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Inventory inv = inventory.read();
        List<Host> dbHosts = inv.select(targets.isEmpty() ? List.of(DbGroup.NAME) : targets, false);
        RolloutOptions readOnly = new RolloutOptions(RolloutOptions.DEFAULT_PARALLEL, 0, Integer.MAX_VALUE, false);
        List<DbHostStatus> statuses = Sessions.quiet(inv, "db-status").run(dbHosts, readOnly, DbHostStatus.job(),
                (host, outcome, why, log) -> DbHostStatus.unanswered(host, outcome.name().toLowerCase() + ": "
                        + why), s -> !s.error().isEmpty());
        PairHealth pair = PairHealth.of(statuses);
        // Where each host's `db` points: counted per address, to show which database host the others use.
        List<HostResult> aliases = Sessions.quiet(inv, "db-alias").run(inv.hosts(), readOnly, DbAliasJobs.show());
        Map<String, Long> pointing = countPerAddress(aliases);
        Map<String, Long> readsPointing = countPerAddress(Sessions.quiet(inv, "db-alias").run(inv.hosts(), readOnly,
                DbAliasJobs.show(HostsFile.READ_ONLY_ALIAS)));
        // A host whose lookup timed out (or that could not be asked) is counted as unknown, never as agreeing.
        List<String> unknown = aliases.stream().filter(r -> r.outcome() != HostResult.Outcome.OK)
                .map(r -> r.host().name().toString()).toList();
        String unknownNote = unknown.isEmpty() ? ""
                : "; db UNKNOWN on " + String.join(", ", unknown) + " (see push db alias show)";
        int exit = statuses.stream().anyMatch(s -> !s.answered()) || !unknown.isEmpty() || !pair.healthy()
                ? Push.SOME_FAILED : 0;
        if (json) {
            spec.commandLine().getOut().println(json(statuses, pointing, readsPointing, unknown, inv.hosts().size(),
                    pair));
            return exit;
        }
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("HOST", "ROLE", "TIMELINE", "REPLICATION", "DB ALIAS"));
        Function<DbHostStatus, String> alias = s -> {
            List<String> names = new ArrayList<>();
            if (pointing.containsKey(s.host().address())) {
                names.add("db on " + pointing.get(s.host().address()) + " of " + inv.hosts().size() + " hosts");
            }
            if (readsPointing.containsKey(s.host().address())) {
                names.add("db-ro on " + readsPointing.get(s.host().address()) + " of " + inv.hosts().size() + " hosts");
            }
            String note = String.join(", ", names) + unknownNote;
            return note.startsWith("; ") ? note.substring(2) : note;
        };
        for (DbHostStatus s : statuses) {
            rows.add(s.error().isEmpty()
                    ? List.of(s.host().name().toString(), s.role(), s.timeline(), s.replication(), alias.apply(s))
                    : List.of(s.host().name().toString(), "-", "-", s.error(), alias.apply(s)));
        }
        Table.print(spec.commandLine().getOut(), rows);
        spec.commandLine().getOut().println(pair.line());
        return exit;
    }

    /** How many hosts' answers name each address (a host whose lookup failed or found nothing is not counted). */
    private static Map<String, Long> countPerAddress(List<HostResult> aliases) {
        return aliases.stream().filter(r -> r.outcome() == HostResult.Outcome.OK && !r.detail().isEmpty())
                .collect(Collectors.groupingBy(HostResult::detail, Collectors.counting()));
    }

    private static String json(List<DbHostStatus> statuses, Map<String, Long> pointing,
                               Map<String, Long> readsPointing, List<String> unknown, int hostCount, PairHealth pair)
            throws JsonProcessingException {
        List<Map<String, Object>> hosts = new ArrayList<>();
        for (DbHostStatus s : statuses) {
            Map<String, Object> host = new LinkedHashMap<>();
            host.put("name", s.host().name().toString());
            host.put("address", s.host().address());
            host.put("answered", s.answered());
            host.put("error", s.error());
            host.put("role", s.role());
            host.put("timeline", s.timeline());
            host.put("replication", s.replication());
            host.put("walReceiver", s.receiver());
            host.put("streamingStandbys", s.streaming());
            host.put("dbAliasHosts", pointing.getOrDefault(s.host().address(), 0L));
            host.put("dbReadOnlyAliasHosts", readsPointing.getOrDefault(s.host().address(), 0L));
            hosts.add(host);
        }
        Map<String, Object> alias = new LinkedHashMap<>();
        alias.put("hosts", hostCount);
        alias.put("unknownOn", unknown);
        Map<String, Object> verdict = new LinkedHashMap<>();
        verdict.put("healthy", pair.healthy());
        verdict.put("reasons", pair.reasons());
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("hosts", hosts);
        all.put("dbAlias", alias);
        all.put("pair", verdict);
        return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(all);
    }
}
