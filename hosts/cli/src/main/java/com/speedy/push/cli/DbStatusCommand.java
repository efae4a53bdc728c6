package com.speedy.push.cli;

import com.speedy.push.db.DbGroup;
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
        Report report = Report.collect(inv, inv.select(targets.isEmpty() ? List.of(DbGroup.NAME) : targets, false));
        List<DbHostStatus> statuses = report.statuses();
        PairHealth pair = report.pair();
        Map<String, Long> pointing = countPerAddress(report.aliases());
        Map<String, Long> readsPointing = countPerAddress(report.readAliases());
        List<String> unknown = report.unknown();
        String unknownNote = unknown.isEmpty() ? ""
                : "; db UNKNOWN on " + String.join(", ", unknown) + " (see push db alias show)";
        int exit = statuses.stream().anyMatch(s -> !s.answered()) || !unknown.isEmpty() || !pair.healthy()
                ? Push.SOME_FAILED : 0;
        if (json) {
            spec.commandLine().getOut().println(new ObjectMapper().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(report.json()));
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

    /**
     * What {@code push db status} shows, and what {@code push dashboard} shows of the database: each database host's
     * answer, the pair's verdict, and where every host's {@code db} and {@code db-ro} point.
     *
     * @param aliases every host's {@code db} lookup (its detail the address); {@code readAliases} the same for db-ro
     */
    record Report(List<DbHostStatus> statuses, PairHealth pair, List<HostResult> aliases,
                  List<HostResult> readAliases) {
        private static final RolloutOptions READ_ONLY = new RolloutOptions(RolloutOptions.DEFAULT_PARALLEL, 0,
                Integer.MAX_VALUE, false);

        static Report collect(Inventory inv, List<Host> dbHosts) throws InterruptedException {
            return of(ask(inv, dbHosts), Sessions.quiet(inv, "db-alias").run(inv.hosts(), READ_ONLY,
                    DbAliasJobs.show()), Sessions.quiet(inv, "db-alias").run(inv.hosts(), READ_ONLY,
                    DbAliasJobs.show(HostsFile.READ_ONLY_ALIAS)));
        }

        static Report of(List<DbHostStatus> statuses, List<HostResult> aliases, List<HostResult> readAliases) {
            return new Report(statuses, PairHealth.of(statuses), aliases, readAliases);
        }

        /** Each database host's role, timeline and replication, asked of PostgreSQL there. */
        static List<DbHostStatus> ask(Inventory inv, List<Host> dbHosts) throws InterruptedException {
            return Sessions.quiet(inv, "db-status").run(dbHosts, READ_ONLY, DbHostStatus.job(),
                    (host, outcome, why, log) -> DbHostStatus.unanswered(host, outcome.name().toLowerCase() + ": "
                            + why), s -> !s.error().isEmpty());
        }

        /** The hosts whose lookup of db failed or timed out: unknown, never counted as agreeing. */
        List<String> unknown() {
            return aliases.stream().filter(r -> r.outcome() != HostResult.Outcome.OK)
                    .map(r -> r.host().name().toString()).toList();
        }

        /** {@code push db status --json}. */
        Map<String, Object> json() {
            Map<String, Long> pointing = countPerAddress(aliases);
            Map<String, Long> readsPointing = countPerAddress(readAliases);
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
            alias.put("hosts", aliases.size());
            alias.put("unknownOn", unknown());
            Map<String, Object> verdict = new LinkedHashMap<>();
            verdict.put("healthy", pair.healthy());
            verdict.put("reasons", pair.reasons());
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("hosts", hosts);
            all.put("dbAlias", alias);
            all.put("pair", verdict);
            return all;
        }
    }
}
