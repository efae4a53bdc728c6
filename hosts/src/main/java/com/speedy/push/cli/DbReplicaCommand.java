package com.speedy.push.cli;

import com.speedy.push.db.PairJobs;
import com.speedy.push.db.ReplicaJobs;
import com.speedy.push.inventory.GroupName;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.rollout.HostLogs;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.rollout.RolloutOptions;
import java.io.PrintWriter;
import java.security.SecureRandom;
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
        description = "Makes HOST a streaming standby of PRIMARY: on the primary a replication role, pg_hba entries for"
                + " the inventory's database hosts (group db) only, a replication slot named after HOST and"
                + " wal_log_hints (so that pg_rewind works later); HOST's cluster is then replaced by pg_basebackup -R"
                + " with application_name HOST. Refused if HOST holds databases of its own.",
        footer = {"", "Example:", "  push db replica db2 --from db1"})
final class DbReplicaCommand implements Callable<Integer> {
    @Mixin
    InventoryOption inventory;

    @Mixin
    RolloutOptionsMixin rollout;

    @Parameters(paramLabel = "HOST", description = "the host to make a standby")
    String standbyName;

    @Option(names = "--from", required = true, paramLabel = "PRIMARY", description = "the primary it streams from")
    String primaryName;

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
        if (!dbAddresses.contains(standby.address())) {
            throw new ParameterException(spec.commandLine(), standbyName + " is not in the group "
                    + DbStatusCommand.DB_GROUP + " of " + inv.file() + ": only database hosts may replicate");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (rollout.dryRun) {
            out.println("would prepare " + primary.name() + " and replace " + standby.name()
                    + "'s cluster with a standby of it");
            return 0;
        }
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        HostLogs logs = rollout.logs("db-replica");
        Rollout hosts = Sessions.rollout(inv, logs, out);
        RolloutOptions one = new RolloutOptions(1, 0, 0, false);
        // The standby is checked first: a refusal changes nothing on either host.
        List<HostResult> results = hosts.run(List.of(standby), one, ReplicaJobs.checkStandby());
        if (results.get(0).outcome() == HostResult.Outcome.OK) {
            results = hosts.run(List.of(primary), one,
                    ReplicaJobs.preparePrimary(dbAddresses, standby.name().toString(), password));
        }
        if (results.get(0).outcome() == HostResult.Outcome.CHANGED) {
            results = List.of(results.get(0), hosts.run(List.of(standby), one,
                    ReplicaJobs.cloneStandby(dbAddresses, primary.address(), password)).get(0));
        }
        int code = Summary.print(out, results, logs.dir().toString());
        if (code != 0) {
            return code;
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

    private Host host(Inventory inv, String name, String what) throws Exception {
        return inv.namedHost(name, what);
    }
}
