package com.speedy.push.backup;

import com.speedy.push.db.DataDirectory;
import com.speedy.push.db.DbConsole;
import com.speedy.push.inventory.Host;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.rollout.RolloutOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code push backup restore HOST [--time T | --latest]}: a fresh cluster on HOST made from Barman's backups, to the
 * latest WAL received (the partial file too) or to a point in time. Refused, with nothing changed, unless HOST's data
 * directory holds nothing of anyone's (read from the directory itself) or push's own unfinished copy. A run stopped
 * at any point is finished by running it again.
 */
public final class BackupRestore {
    private static final RolloutOptions ONE = new RolloutOptions(1, 0, 0, false);
    private static final Duration RECOVERY_TIMEOUT = Duration.ofHours(2);

    /** How a run ended. */
    public enum Outcome {
        RESTORED,
        WOULD_CHANGE,
        REFUSED,
        FAILED
    }

    /**
     * @param time the point in time to restore to; empty for the latest WAL received
     */
    public record Request(BackupTopology topology, Host target, Optional<Instant> time, boolean dryRun,
                          String logDir) {}

    private final Rollout hosts;
    private final DbConsole console;

    public BackupRestore(Rollout hosts, DbConsole console) {
        this.hosts = hosts;
        this.console = console;
    }

    public Outcome run(Request request) throws InterruptedException {
        Instant started = Instant.now();
        Host server = request.topology().server();
        Host target = request.target();
        RestoreJobs.TargetFacts facts = hosts.run(List.of(target), ONE, RestoreJobs.inspectTarget(),
                (host, outcome, why, log) -> RestoreJobs.TargetFacts.failed(host, why),
                f -> !f.problem().isEmpty()).get(0);
        RestoreJobs.BackupsFacts backups = hosts.run(List.of(server), ONE, RestoreJobs.inspectBackups(),
                (host, outcome, why, log) -> RestoreJobs.BackupsFacts.failed(host, why),
                f -> !f.problem().isEmpty()).get(0);

        Checks checks = new Checks(console);
        checks.restoreTarget(target, server, facts);
        facts.data().ifPresent(data -> checks.check(data.kind() == DataDirectory.Kind.NOTHING
                || data.kind() == DataDirectory.Kind.UNFINISHED_CLONE, target.name() + "'s " + data.path() + ": "
                + data.detail() + (data.kind() == DataDirectory.Kind.NOTHING
                || data.kind() == DataDirectory.Kind.UNFINISHED_CLONE ? "" : " (a restore goes only into a fresh"
                + " cluster: choose another host, or move that data away yourself)")));
        Optional<RestoreJobs.BaseBackup> chosen = checks.baseBackup(server, backups, request.time());
        String again = "push backup restore " + target.name() + request.time().map(t -> " --time " + t)
                .orElse(" --latest");
        if (checks.refused()) {
            console.line(again + " refused: nothing was changed on " + target.name() + " or " + server.name()
                    + "; logs in " + request.logDir());
            return Outcome.REFUSED;
        }
        DataDirectory data = facts.data().orElseThrow();
        String aside = data.path() + ".replaced-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(ZoneOffset.UTC).format(started);
        String id = chosen.orElseThrow().id();
        if (request.dryRun()) {
            console.line("would stop " + facts.unit() + " on " + target.name() + ", move " + data.path() + " aside to "
                    + aside + ", and recover base backup " + id + " into it to " + request.time().map(Instant::toString)
                    .orElse("the latest WAL received") + " (dry run: nothing changed)");
            return Outcome.WOULD_CHANGE;
        }

        List<HostResult> results = new ArrayList<>();
        String key = hosts.run(List.of(server), ONE, RestoreJobs.trustTarget(target.address(), facts.hostKey()),
                (host, outcome, why, log) -> {
                    results.add(new HostResult(host, outcome, why, List.of(), log));
                    return "";
                }, String::isEmpty).get(0);
        if (!key.isEmpty()) {
            results.addAll(hosts.run(List.of(target), ONE, RestoreJobs.prepareTarget(facts.unit(), data, aside, key,
                    server.address())));
        }
        List<String> recoveryTarget = request.time().map(t -> List.of("--target-time", BarmanInfo.format(t),
                "--target-action", "promote")).orElse(List.of());
        if (!key.isEmpty() && ok(results)) {
            results.addAll(hosts.run(List.of(server), ONE, RestoreJobs.recover(id, target.address(), data.path(),
                    recoveryTarget)));
        }
        if (!key.isEmpty() && ok(results)) {
            results.addAll(hosts.run(List.of(target), ONE, RestoreJobs.startRestored(facts.unit(), data.path(),
                    RECOVERY_TIMEOUT)));
        }
        if (!console.results(results) || key.isEmpty()) {
            console.line("the restore stopped at the step above; " + data.path() + " on " + target.name()
                    + " is marked as push's unfinished copy: next: " + again);
            return Outcome.FAILED;
        }
        console.line(target.name() + " runs the restored database (base backup " + id + ", " + request.time()
                .map(t -> "to " + t).orElse("to the latest WAL received") + ") in "
                + Duration.between(started, Instant.now()).toSeconds() + " s");
        console.line("next, to serve from it: put " + target.name() + " in the group db of the inventory, then: push db"
                + " alias set " + target.name());
        return Outcome.RESTORED;
    }

    /** The newest complete base backup, or for a point in time the newest that ended before it. */
    static Optional<RestoreJobs.BaseBackup> choose(List<RestoreJobs.BaseBackup> backups, Optional<Instant> time) {
        return backups.stream().filter(RestoreJobs.BaseBackup::done)
                .filter(b -> time.isEmpty() || b.end().orElseThrow().isBefore(time.get()))
                .reduce((a, b) -> b);
    }

    private static boolean ok(List<HostResult> results) {
        return results.stream().noneMatch(r -> r.outcome().isFailure());
    }

}
