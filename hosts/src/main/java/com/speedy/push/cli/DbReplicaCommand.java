package com.speedy.push.cli;

import com.speedy.push.db.PairJobs;
import com.speedy.push.db.ReplicaJobs;
import com.speedy.push.db.ReplicaPlan;
import com.speedy.push.inventory.GroupName;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.rollout.HostLogs;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.rollout.RolloutOptions;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "replica", mixinStandardHelpOptions = true,
        description = {"Makes HOST a streaming standby of PRIMARY: on the primary a replication role, pg_hba entries for"
                + " the inventory's database hosts (group db) only, a replication slot named after HOST and"
                + " wal_log_hints (so that pg_rewind works later); HOST gets the primary's whole pg_hba.conf (so that"
                + " either can be primary) and its cluster is replaced by pg_basebackup -R with application_name HOST.",
            "Every precondition is checked on both hosts before anything changes (a refusal changes nothing): PRIMARY"
                + " runs as a primary; HOST does not; both run the same PostgreSQL version; HOST's data directory holds"
                + " no database, tablespace or table of its own (read from the directory itself, whether PostgreSQL"
                + " runs, was stopped or was killed). A run killed at any point is finished by running it again.",
            "Exit codes: 0 HOST streams from PRIMARY; 1 refused (nothing changed) or failed (the output says what"
                + " state was left and the command to run next); 2 bad input."},
        footer = {"", "Examples:", "  push db replica db2 --from db1",
            "  push db replica db2 --from db1 --dry-run       # the checks only",
            "  push db replica db1 --from db2 --discard-data  # old data renamed aside"})
final class DbReplicaCommand implements Callable<Integer> {
    @Mixin
    InventoryOption inventory;

    @Mixin
    RolloutOptionsMixin rollout;

    @Parameters(paramLabel = "HOST", description = "the host to make a standby")
    String standbyName;

    @Option(names = "--from", required = true, paramLabel = "PRIMARY", description = "the primary it streams from")
    String primaryName;

    @Option(names = "--discard-data", description = "rebuild HOST even though its data directory holds data of its own"
            + " (or cannot be read): the directory is renamed to DATADIR.replaced-<UTC time> on HOST, never deleted;"
            + " still refused while HOST runs as a primary")
    boolean discardData;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Inventory inv = inventory.read();
        Host standby = host(inv, standbyName, "HOST");
        Host primary = host(inv, primaryName, "--from");
        if (standby.equals(primary)) {
            throw new ParameterException(spec.commandLine(), "HOST and --from name the same host");
        }
        List<String> dbAddresses = inv.members(GroupName.parse(DbStatusCommand.DB_GROUP)).stream()
                .map(Host::address).toList();
        for (Host member : List.of(standby, primary)) {
            if (!dbAddresses.contains(member.address())) {
                throw new ParameterException(spec.commandLine(), member.name() + " is not in the group "
                        + DbStatusCommand.DB_GROUP + " of " + inv.file() + ": only database hosts may replicate");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        HostLogs logs = rollout.logs("db-replica");
        Rollout hosts = Sessions.rollout(inv, logs, out);
        RolloutOptions one = new RolloutOptions(1, 0, 0, false);
        // Both hosts are asked before anything changes anywhere: a refusal leaves both as they were.
        ReplicaPlan.PrimaryFacts primaryFacts = hosts.run(List.of(primary), one, ReplicaJobs.inspectPrimary(),
                (host, outcome, why, log) -> ReplicaPlan.PrimaryFacts.failed(host, why),
                f -> !f.problem().isEmpty()).get(0);
        ReplicaPlan.StandbyFacts standbyFacts = hosts.run(List.of(standby), one, ReplicaJobs.inspectStandby(),
                (host, outcome, why, log) -> ReplicaPlan.StandbyFacts.failed(host, why),
                f -> !f.problem().isEmpty()).get(0);
        ReplicaPlan plan = ReplicaPlan.decide(primaryFacts, standbyFacts, discardData);
        out.println();
        out.println("checks before any change:");
        for (ReplicaPlan.Check check : plan.checks()) {
            out.println("  " + (check.passed() ? "ok       " : "REFUSED  ") + check.text());
        }
        if (plan.refused()) {
            out.println("push db replica " + standby.name() + " --from " + primary.name() + " refused: nothing was"
                    + " changed on " + primary.name() + " or " + standby.name() + "; logs in " + logs.dir());
            return Push.SOME_FAILED;
        }
        String dataDir = standbyFacts.data().orElseThrow().path();
        String aside = dataDir + ".replaced-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(ZoneOffset.UTC).format(Instant.now());
        if (rollout.dryRun) {
            out.println("would prepare " + primary.name() + ", give " + standby.name() + " its pg_hba.conf, "
                    + (plan.action() == ReplicaPlan.DataAction.MOVE_ASIDE ? "move " + dataDir + " aside to " + aside
                    : "empty " + dataDir) + " and clone " + primary.name() + " into it (dry run: nothing changed)");
            return 0;
        }
        // The password the pair already uses, if any: a re-run then leaves every other member able to log in.
        String password = primaryFacts.replicationPassword().orElseGet(DbReplicaCommand::newPassword);
        String hba = ReplicaJobs.withReplicationEntries(primaryFacts.hba(), dbAddresses);
        List<HostResult> results = hosts.run(List.of(primary), one,
                ReplicaJobs.preparePrimary(dbAddresses, standby.name().toString(), password, hba));
        if (results.get(0).outcome() == HostResult.Outcome.CHANGED) {
            results = List.of(results.get(0), hosts.run(List.of(standby), one, ReplicaJobs.cloneStandby(dbAddresses,
                    primary.address(), password, hba, plan.action(), aside)).get(0));
        }
        int code = Summary.print(out, results, logs.dir().toString());
        String again = "push db replica " + standby.name() + " --from " + primary.name()
                + (discardData ? " --discard-data" : "");
        if (code != 0) {
            out.println(results.size() < 2 ? standby.name() + " was not touched; " + primary.name() + " may be"
                    + " partly prepared (harmless): next: " + again
                    : standby.name() + "'s clone is unfinished (marked as push's own copy); next: " + again);
            return code;
        }
        if (plan.action() == ReplicaPlan.DataAction.MOVE_ASIDE && results.get(1).detail().contains(aside)) {
            out.println(standby.name() + "'s old data directory was moved aside to " + aside + "; delete it when it"
                    + " is no longer needed: rm -rf " + aside + " (on " + standby.name() + ")");
        }
        HostResult streaming = hosts.run(List.of(primary), one,
                PairJobs.awaitStreaming(standby.name().toString())).get(0);
        if (streaming.outcome().isFailure()) {
            out.println(streaming.detail() + ": see journalctl -u postgresql@* on " + standby.name());
            return Push.SOME_FAILED;
        }
        out.println(standby.name() + " streams from " + primary.name());
        return 0;
    }

    private static String newPassword() {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    private Host host(Inventory inv, String name, String what) throws Exception {
        return inv.namedHost(name, what);
    }
}
