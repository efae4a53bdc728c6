package com.speedy.push.db;

import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.inventory.SelectionException;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.rollout.RolloutOptions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * {@code push db replica HOST --from PRIMARY}: makes HOST a streaming standby of PRIMARY. Both hosts are asked before
 * anything changes anywhere (a refusal leaves both as they were); then the primary is prepared, HOST cloned, and
 * waited for until it streams; then every host's db-ro names HOST. A run killed at any point is finished by running
 * it again.
 */
public final class Replica {
    private static final RolloutOptions ONE = new RolloutOptions(1, 0, 0, false);
    private static final RolloutOptions ALL = new RolloutOptions(RolloutOptions.DEFAULT_PARALLEL, 0,
            Integer.MAX_VALUE, false);

    /** How a run ended. */
    public enum Outcome {
        /** HOST streams from PRIMARY. */
        STREAMING,
        /** The checks passed; nothing was changed (a dry run). */
        WOULD_CHANGE,
        /** A check failed on either host: nothing was changed. */
        REFUSED,
        /** A step failed: the console said what state was left and the command to run next. */
        FAILED
    }

    /**
     * @param standby the host to make a standby
     * @param primary the primary it streams from
     * @param dbAddresses the db group's addresses: only they may replicate
     * @param discardData rebuild HOST even though its data directory holds data of its own (moved aside, never deleted)
     * @param dryRun the checks only
     * @param logDir where the hosts' logs go, for the messages
     * @param fleet every host of the inventory: once HOST streams, their db-ro names it
     */
    public record Request(Host standby, Host primary, List<String> dbAddresses, boolean discardData, boolean dryRun,
                          String logDir, List<Host> fleet) {
        public Request {
            dbAddresses = List.copyOf(dbAddresses);
            fleet = List.copyOf(fleet);
        }

        /**
         * The request for two hosts the inventory names; both must be in its db group. {@code standbyLabel} and
         * {@code primaryLabel} are what messages call them (the CLI's HOST and --from).
         */
        public static Request of(Inventory inventory, String standbyName, String standbyLabel, String primaryName,
                String primaryLabel, boolean discardData, boolean dryRun, String logDir)
                throws SelectionException, InvalidPairException {
            Host standby = inventory.namedHost(standbyName, standbyLabel);
            Host primary = inventory.namedHost(primaryName, primaryLabel);
            if (standby.equals(primary)) {
                throw new InvalidPairException(standbyLabel + " and " + primaryLabel + " name the same host");
            }
            List<String> dbAddresses = DbGroup.members(inventory).stream().map(Host::address).toList();
            for (Host member : List.of(standby, primary)) {
                if (!dbAddresses.contains(member.address())) {
                    throw new InvalidPairException(member.name() + " is not in the group " + DbGroup.NAME + " of "
                            + inventory.file() + ": only database hosts may replicate");
                }
            }
            return new Request(standby, primary, dbAddresses, discardData, dryRun, logDir, inventory.hosts());
        }
    }

    private final Rollout hosts;
    private final DbConsole console;

    public Replica(Rollout hosts, DbConsole console) {
        this.hosts = hosts;
        this.console = console;
    }

    public Outcome run(Request request) throws InterruptedException {
        Host standby = request.standby();
        Host primary = request.primary();
        ReplicaPlan.PrimaryFacts primaryFacts = hosts.run(List.of(primary), ONE, ReplicaJobs.inspectPrimary(),
                (host, outcome, why, log) -> ReplicaPlan.PrimaryFacts.failed(host, why),
                f -> !f.problem().isEmpty()).get(0);
        ReplicaPlan.StandbyFacts standbyFacts = hosts.run(List.of(standby), ONE, ReplicaJobs.inspectStandby(),
                (host, outcome, why, log) -> ReplicaPlan.StandbyFacts.failed(host, why),
                f -> !f.problem().isEmpty()).get(0);
        ReplicaPlan plan = ReplicaPlan.decide(primaryFacts, standbyFacts, request.discardData());
        console.line("");
        console.line("checks before any change:");
        for (ReplicaPlan.Check check : plan.checks()) {
            console.line("  " + (check.passed() ? "ok       " : "REFUSED  ") + check.text());
        }
        if (plan.refused()) {
            console.line("push db replica " + standby.name() + " --from " + primary.name() + " refused: nothing was"
                    + " changed on " + primary.name() + " or " + standby.name() + "; logs in " + request.logDir());
            return Outcome.REFUSED;
        }
        String dataDir = standbyFacts.data().orElseThrow().path();
        String aside = dataDir + ".replaced-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
                .withZone(ZoneOffset.UTC).format(Instant.now());
        if (request.dryRun()) {
            console.line("would prepare " + primary.name() + ", give " + standby.name() + " its pg_hba.conf, "
                    + (plan.action() == ReplicaPlan.DataAction.MOVE_ASIDE ? "move " + dataDir + " aside to " + aside
                    : "empty " + dataDir) + " and clone " + primary.name() + " into it (dry run: nothing changed)");
            return Outcome.WOULD_CHANGE;
        }
        // The password the pair already uses, if any: a re-run then leaves every other member able to log in.
        String password = primaryFacts.replicationPassword().orElseGet(Passwords::generate);
        String hba = ReplicaJobs.withReplicationEntries(primaryFacts.hba(), request.dbAddresses());
        List<HostResult> results = hosts.run(List.of(primary), ONE,
                ReplicaJobs.preparePrimary(request.dbAddresses(), standby.name().toString(), password, hba));
        if (results.get(0).outcome() == HostResult.Outcome.CHANGED) {
            results = List.of(results.get(0), hosts.run(List.of(standby), ONE, ReplicaJobs.cloneStandby(
                    request.dbAddresses(), primary.address(), password, hba, plan.action(), aside)).get(0));
        }
        boolean succeeded = console.results(results);
        String again = "push db replica " + standby.name() + " --from " + primary.name()
                + (request.discardData() ? " --discard-data" : "");
        if (!succeeded) {
            console.line(results.size() < 2 ? standby.name() + " was not touched; " + primary.name() + " may be"
                    + " partly prepared (harmless): next: " + again
                    : standby.name() + "'s clone is unfinished (marked as push's own copy); next: " + again);
            return Outcome.FAILED;
        }
        if (plan.action() == ReplicaPlan.DataAction.MOVE_ASIDE && results.get(1).detail().contains(aside)) {
            console.line(standby.name() + "'s old data directory was moved aside to " + aside + "; delete it when it"
                    + " is no longer needed: rm -rf " + aside + " (on " + standby.name() + ")");
        }
        HostResult streaming = hosts.run(List.of(primary), ONE,
                PairJobs.awaitStreaming(standby.name().toString())).get(0);
        if (streaming.outcome().isFailure()) {
            console.line(streaming.detail() + ": see journalctl -u postgresql@* on " + standby.name());
            return Outcome.FAILED;
        }
        console.line(standby.name() + " streams from " + primary.name());
        // The services' read-only queries may go there now: every host's db-ro names it, db stays on the primary.
        List<HostResult> aliases = hosts.run(request.fleet(), ALL,
                DbAliasJobs.set(primary.address(), standby.address()));
        if (!console.results(aliases)) {
            console.line("next: push db alias set " + primary.name() + " --read-only " + standby.name() + "   ("
                    + standby.name() + " streams, but not every host's db-ro names it)");
            return Outcome.FAILED;
        }
        return Outcome.STREAMING;
    }
}
