package com.speedy.push.backup;

import com.speedy.push.db.DbConsole;
import com.speedy.push.db.DbNode;
import com.speedy.push.db.Lsn;
import com.speedy.push.inventory.Host;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.rollout.RolloutOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code push backup drill HOST}: proves the backups restore. On the primary every table of the application database is
 * counted at a named restore point (writes wait for the count); Barman restores its newest base backup and the WAL up
 * to that point into a scratch cluster on HOST (beside HOST's own cluster, which is never touched); the copy is counted
 * the same way and compared, and the scratch cluster dropped. Prints how long the point took to reach the backup host
 * (the RPO at that moment) and how long the restore took (the RTO).
 */
public final class BackupDrill {
    private static final RolloutOptions ONE = new RolloutOptions(1, 0, 0, false);
    private static final RolloutOptions ALL = new RolloutOptions(8, 0, 8, false);
    private static final Duration RECEIVE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RECOVERY_TIMEOUT = Duration.ofHours(2);

    /** How a run ended. */
    public enum Outcome {
        /** The copy holds exactly the rows the primary had at the point. */
        PASSED,
        /** The restore ran but its counts differ: the backups do not hold what the primary did. */
        MISMATCH,
        REFUSED,
        FAILED
    }

    public record Request(BackupTopology topology, Host host, String logDir) {}

    private final Rollout hosts;
    private final DbConsole console;

    public BackupDrill(Rollout hosts, DbConsole console) {
        this.hosts = hosts;
        this.console = console;
    }

    public Outcome run(Request request) throws InterruptedException {
        BackupTopology topology = request.topology();
        Host server = topology.server();
        Host target = request.host();
        List<DbNode> nodes = hosts.run(topology.dbHosts(), ALL, DbNode.inspect(),
                (host, outcome, why, log) -> DbNode.unreachable(host, why), n -> !n.reachable());
        RestoreJobs.TargetFacts facts = hosts.run(List.of(target), ONE, RestoreJobs.inspectTarget(),
                (host, outcome, why, log) -> RestoreJobs.TargetFacts.failed(host, why),
                f -> !f.problem().isEmpty()).get(0);
        RestoreJobs.BackupsFacts backups = hosts.run(List.of(server), ONE, RestoreJobs.inspectBackups(),
                (host, outcome, why, log) -> RestoreJobs.BackupsFacts.failed(host, why),
                f -> !f.problem().isEmpty()).get(0);

        Checks checks = new Checks(console);
        List<DbNode> primaries = nodes.stream().filter(DbNode::runningPrimary).toList();
        checks.check(primaries.size() == 1, primaries.size() == 1 ? "one primary to compare with: "
                + primaries.get(0).host().name() : primaries.size() + " running primaries: a drill compares the copy"
                + " with the one live primary (see push db status)");
        checks.restoreTarget(target, server, facts);
        if (facts.problem().isEmpty()) {
            checks.check(facts.scratch() != RestoreJobs.Scratch.SOMEONE_ELSES, facts.scratch()
                    == RestoreJobs.Scratch.SOMEONE_ELSES ? target.name() + " has a cluster " + facts.version() + "/"
                    + DrillJobs.CLUSTER + " that is not push's: a drill will not touch it" : "the scratch cluster "
                    + facts.version() + "/" + DrillJobs.CLUSTER + (facts.scratch() == RestoreJobs.Scratch.PUSHS
                    ? " of a drill that was stopped is dropped first" : " is free"));
        }
        Optional<RestoreJobs.BaseBackup> chosen = checks.baseBackup(server, backups, Optional.empty());
        if (checks.refused()) {
            console.line("push backup drill " + target.name() + " refused: nothing was changed; logs in "
                    + request.logDir());
            return Outcome.REFUSED;
        }

        Host primary = primaries.get(0).host();
        String point = "push-drill-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                .format(Instant.now());
        List<HostResult> results = new ArrayList<>();
        Map<String, String> live = hosts.run(List.of(primary), ONE, DrillJobs.countAndMark(topology.backup()
                .database(), point), recordFailure(results), Map::isEmpty).get(0);
        if (live.isEmpty() || !live.containsKey("")) {
            return stop(results, "the counts at the restore point could not be taken");
        }
        Lsn pointLsn = Lsn.parse(live.remove(""));
        Instant marked = Instant.now();
        results.addAll(hosts.run(List.of(primary), ONE, DrillJobs.awaitReceived(pointLsn, RECEIVE_TIMEOUT)));
        Duration received = Duration.between(marked, Instant.now());
        if (!ok(results)) {
            return stop(results, "");
        }
        Instant restoreStarted = Instant.now();
        String key = hosts.run(List.of(server), ONE, RestoreJobs.trustTarget(target.address(), facts.hostKey()),
                recordFailure(results, ""), String::isEmpty).get(0);
        if (!key.isEmpty()) {
            results.addAll(hosts.run(List.of(target), ONE, DrillJobs.prepareScratch(facts.version(), key,
                    server.address())));
        }
        if (!key.isEmpty() && ok(results)) {
            results.addAll(hosts.run(List.of(server), ONE, RestoreJobs.recover(chosen.orElseThrow().id(),
                    target.address(), DrillJobs.dataDir(facts.version()), List.of("--target-name", point,
                    "--target-action", "promote"))));
        }
        Map<String, String> copy = Map.of();
        if (!key.isEmpty() && ok(results)) {
            copy = hosts.run(List.of(target), ONE, DrillJobs.countScratchAndDrop(facts.version(),
                    topology.backup().database(), RECOVERY_TIMEOUT), recordFailure(results), Map::isEmpty).get(0);
        }
        if (key.isEmpty() || !ok(results) || copy.isEmpty()) {
            return stop(results, "");
        }
        Map<String, String> restored = copy;
        Duration rto = Duration.between(restoreStarted, Instant.now());

        List<String> differ = new ArrayList<>();
        console.line("");
        console.line("TABLE  AT " + point + " ON " + primary.name() + "  RESTORED ON " + target.name());
        Map<String, String> all = new LinkedHashMap<>(live);
        restored.forEach(all::putIfAbsent);
        all.forEach((table, ignored) -> {
            String was = live.getOrDefault(table, "-");
            String is = restored.getOrDefault(table, "-");
            if (!was.equals(is)) {
                differ.add(table);
            }
            console.line(table + "  " + was + "  " + is + (was.equals(is) ? "" : "  DIFFERENT"));
        });
        String summary = "RPO " + received.toMillis() + " ms (the restore point went down " + server.name()
                + "'s stream that long after it was written); RTO " + rto.toSeconds() + " s (base backup "
                + chosen.orElseThrow().id() + " restored and recovered to the point)";
        console.line(summary);
        // With object storage, the copy there is proven too: read back and compared with what was sent.
        boolean offSiteOk = topology.backup().objectStorage().isEmpty()
                || console.results(hosts.run(List.of(server), ONE, BackupJobs.checkOffSite()));
        hosts.run(List.of(server), ONE, DrillJobs.record(differ.isEmpty() && offSiteOk, summary));
        if (!differ.isEmpty()) {
            console.line("drill FAILED: " + String.join(", ", differ) + " differ between the primary and its restored"
                    + " copy; logs in " + request.logDir());
            return Outcome.MISMATCH;
        }
        if (!offSiteOk) {
            console.line("drill FAILED: the restore from " + server.name() + " passed, but the off-site copy did"
                    + " not (above); logs in " + request.logDir());
            return Outcome.MISMATCH;
        }
        console.line("drill passed: " + all.size() + " tables, every count equal; the scratch cluster is dropped");
        return Outcome.PASSED;
    }

    /** A job's row for a host that failed: recorded in {@code results}, and an empty answer. */
    private static <R> Rollout.Failure<R> recordFailure(List<HostResult> results, R empty) {
        return (host, outcome, why, log) -> {
            results.add(new HostResult(host, outcome, why, List.of(), log));
            return empty;
        };
    }

    private static Rollout.Failure<Map<String, String>> recordFailure(List<HostResult> results) {
        return recordFailure(results, Map.of());
    }

    private Outcome stop(List<HostResult> results, String why) {
        console.results(results);
        console.line("push backup drill stopped" + (why.isEmpty() ? " at the step above" : ": " + why)
                + "; the drill host's own cluster was not touched, and the next drill drops a scratch cluster left"
                + " behind");
        return Outcome.FAILED;
    }

    private static boolean ok(List<HostResult> results) {
        return results.stream().noneMatch(r -> r.outcome().isFailure());
    }
}
