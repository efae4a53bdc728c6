package com.speedy.push.backup;

import com.speedy.push.db.DbAliasJobs;
import com.speedy.push.db.DbConsole;
import com.speedy.push.db.DbNode;
import com.speedy.push.db.Passwords;
import com.speedy.push.db.ScramSecret;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.ObjectStorage;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.rollout.RolloutOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code push backup setup}: the backup host, the database pair and the object storage set up from the inventory.
 * Every host is asked first (a refusal changes nothing anywhere); then both db hosts let the backup host in, the
 * primary gets Barman's roles, and the backup host its files, units and, if it has none, a first base backup. Every
 * step is safe to run again, so a run killed at any point is finished by running it again.
 */
public final class BackupSetup {
    private static final RolloutOptions ONE = new RolloutOptions(1, 0, 0, false);
    private static final RolloutOptions ALL = new RolloutOptions(8, 0, 8, false);

    /** How a run ended. */
    public enum Outcome {
        /** Everything is set up (or already was). */
        DONE,
        /** The checks passed; nothing was changed (a dry run). */
        WOULD_CHANGE,
        /** A check failed: nothing was changed. */
        REFUSED,
        /** A step failed: the console said which, and that running the command again finishes it. */
        FAILED
    }

    public record Request(BackupTopology topology, boolean dryRun, String logDir) {}

    private final Rollout hosts;
    private final DbConsole console;

    public BackupSetup(Rollout hosts, DbConsole console) {
        this.hosts = hosts;
        this.console = console;
    }

    public Outcome run(Request request) throws InterruptedException {
        BackupTopology topology = request.topology();
        Host server = topology.server();
        List<DbNode> nodes = hosts.run(topology.dbHosts(), ALL, DbNode.inspect(),
                (host, outcome, why, log) -> DbNode.unreachable(host, why), n -> !n.reachable());
        BackupJobs.BackupHostFacts facts = hosts.run(List.of(server), ONE, BackupJobs.inspectBackupHost(),
                (host, outcome, why, log) -> BackupJobs.BackupHostFacts.failed(host, why),
                f -> !f.problem().isEmpty()).get(0);

        Checks checks = new Checks(console);
        for (DbNode node : nodes) {
            // Both hosts get the pg_hba entries, so that backups follow a switchover: one not asked is a refusal.
            checks.check(node.reachable(), node.describe());
        }
        List<DbNode> primaries = nodes.stream().filter(DbNode::runningPrimary).toList();
        checks.check(primaries.size() == 1, primaries.size() == 1 ? "one primary: "
                + primaries.get(0).host().name() : primaries.size() + " running primaries among "
                + nodes.stream().map(n -> n.host().name().toString()).toList() + " (exactly one is needed; see push db"
                + " status)");
        checks.check(facts.problem().isEmpty(), server.name() + (facts.problem().isEmpty() ? " answers"
                : " could not be asked: " + facts.problem()));
        if (facts.problem().isEmpty()) {
            checks.check(facts.packageVersion().isPresent(), facts.packageVersion().map(v -> server.name() + " runs "
                    + BackupJobs.PACKAGE + " " + v).orElse(BackupJobs.PACKAGE + " is not installed on "
                    + server.name() + ": install it first (push install " + BackupJobs.PACKAGE + " " + server.name()
                    + ")"));
        }
        Map<String, String> secrets = new LinkedHashMap<>();
        topology.backup().objectStorage().ifPresent(s3 -> {
            try {
                secrets.put(BackupFiles.S3_CREDENTIALS, Files.readString(s3.credentials()));
                checks.check(true, "the storage's credentials " + s3.credentials() + " are readable");
            } catch (IOException e) {
                checks.check(false, "cannot read backup.s3.credentials " + s3.credentials() + ": " + e.getMessage());
            }
        });
        if (facts.packageVersion().isPresent() && secrets.containsKey(BackupFiles.S3_CREDENTIALS)) {
            ObjectStorage s3 = topology.backup().objectStorage().orElseThrow();
            String storage = hosts.run(List.of(server), ONE, BackupJobs.probeStorage(BackupFiles.settings(
                    topology.backup()), secrets.get(BackupFiles.S3_CREDENTIALS), BackupFiles.recipients(s3)),
                    (host, outcome, why, log) -> "could not be asked: " + why, p -> !p.isEmpty()).get(0);
            checks.check(storage.isEmpty(), storage.isEmpty() ? "the storage " + s3.endpoint() + " answers "
                    + server.name() + " and takes the credentials" : "the storage " + s3.endpoint() + ", bucket "
                    + s3.bucket() + ", from " + server.name() + ": " + storage);
        }
        if (checks.refused()) {
            console.line("push backup setup refused: nothing was changed on any host; logs in " + request.logDir());
            return Outcome.REFUSED;
        }
        Host primary = primaries.get(0).host();
        boolean firstBackup = facts.backups() <= 0;
        if (request.dryRun()) {
            console.line("would let " + server.name() + " in on " + topology.dbHosts().stream().map(h -> h.name()
                    .toString()).toList() + ", make Barman's roles on " + primary.name() + ", point db at "
                    + primary.name() + " on " + server.name() + ", write Barman's and the jobs' settings there, enable "
                    + String.join(", ", units(topology))
                    + (firstBackup ? " and take a first base backup" : "") + " (dry run: nothing changed)");
            return Outcome.WOULD_CHANGE;
        }

        // The passwords barman's .pgpass already holds, if any: a re-run changes no file it need not change.
        Map<String, String> kept = facts.passwords();
        String password = kept.containsKey(BackupFiles.ROLE) ? kept.get(BackupFiles.ROLE) : Passwords.generate();
        String streamingPassword = kept.containsKey(BackupFiles.STREAMING_ROLE) ? kept.get(BackupFiles.STREAMING_ROLE)
                : Passwords.generate();
        secrets.put(BackupFiles.PGPASS, BackupFiles.pgpass(password, streamingPassword));
        List<HostResult> results = new ArrayList<>(hosts.run(topology.dbHosts(), ALL,
                BackupJobs.allowBackupHost(server.address())));
        if (results.stream().noneMatch(r -> r.outcome().isFailure())) {
            results.addAll(hosts.run(List.of(primary), ONE, BackupJobs.createRoles(BackupAccess.rolesSql(
                    ScramSecret.of(password), ScramSecret.of(streamingPassword)))));
        }
        if (results.stream().noneMatch(r -> r.outcome().isFailure())) {
            // Barman reaches the primary through db, as every host does; push db switchover and failover move it.
            results.addAll(hosts.run(List.of(server), ONE, DbAliasJobs.set(primary.address())));
        }
        if (results.stream().noneMatch(r -> r.outcome().isFailure())) {
            results.addAll(hosts.run(List.of(server), ONE, BackupJobs.configureBackupHost(files(topology), secrets,
                    units(topology), firstBackup)));
        }
        if (!console.results(results)) {
            console.line("push backup setup stopped at the step above; every step is safe to run again: next: push"
                    + " backup setup");
            return Outcome.FAILED;
        }
        console.line(server.name() + " receives " + primary.name() + "'s WAL through the db alias; see push backup"
                + " status");
        return Outcome.DONE;
    }

    /** The root-owned files of the backup host, made from the inventory. */
    static Map<String, String> files(BackupTopology topology) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put(BackupFiles.BARMAN_CONF, BackupFiles.barmanConf(topology.backup()));
        files.put(BackupFiles.SETTINGS, BackupFiles.settings(topology.backup()));
        topology.backup().objectStorage().ifPresent(s3 -> files.put(BackupFiles.RECIPIENTS,
                BackupFiles.recipients(s3)));
        return files;
    }

    static List<String> units(BackupTopology topology) {
        List<String> units = new ArrayList<>(BackupFiles.UNITS);
        topology.backup().objectStorage().ifPresent(s3 -> units.addAll(BackupFiles.OFFSITE_TIMERS));
        return units;
    }
}
