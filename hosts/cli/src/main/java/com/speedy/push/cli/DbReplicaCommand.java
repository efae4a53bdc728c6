package com.speedy.push.cli;

import com.speedy.push.db.InvalidPairException;
import com.speedy.push.db.Replica;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.rollout.HostLogs;
import java.io.PrintWriter;
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
        HostLogs logs = rollout.logs("db-replica");
        Replica.Request request;
        try {
            request = Replica.Request.of(inv, standbyName, "HOST", primaryName, "--from", discardData,
                    rollout.dryRun, logs.dir().toString());
        } catch (InvalidPairException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        Replica.Outcome outcome = new Replica(Sessions.rollout(inv, logs, out), Summary.console(out, logs))
                .run(request);
        return outcome == Replica.Outcome.STREAMING || outcome == Replica.Outcome.WOULD_CHANGE ? 0 : Push.SOME_FAILED;
    }
}
