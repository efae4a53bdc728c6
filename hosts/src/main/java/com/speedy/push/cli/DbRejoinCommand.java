package com.speedy.push.cli;

import com.speedy.push.db.DbAliasJobs;
import com.speedy.push.db.DbNode;
import com.speedy.push.db.PairJobs;
import com.speedy.push.inventory.GroupName;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.rollout.HostLogs;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.rollout.RolloutOptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "rejoin", mixinStandardHelpOptions = true,
        description = {"Makes a former primary a streaming standby of the current one (the group db's running"
                + " primary): a CHECKPOINT on the primary first (so that pg_rewind reads the timeline it is on), the"
                + " host fenced (start.conf manual) and stopped, rewound with pg_rewind to where the new primary's"
                + " timeline forked (nothing to rewind after a clean switchover), started as a standby with its own"
                + " slot, the fence taken off, and waited for until it streams; then its db alias follows the primary"
                + " (a failover that could not reach it left it as it was). Refused while it runs as a primary.",
                "A rejoin that fails leaves the host fenced and stopped and prints the command to run next: the same"
                + " rejoin (nothing was rewritten, or the rewind finished and is kept for it), or push db replica HOST"
                + " --from PRIMARY --discard-data (the data directory is unusable)."},
        footer = {"", "Example:", "  push db rejoin db1   (after push db failover --to db2)", "",
                "Exit codes: 0 streaming, 1 refused or failed (see next:), 2 bad input."})
final class DbRejoinCommand implements Callable<Integer> {
    @Mixin
    InventoryOption inventory;

    @Mixin
    LogDirOption logDir;

    @Parameters(paramLabel = "HOST", description = "the former primary")
    String hostName;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Inventory inv = inventory.read();
        Host host = inv.namedHost(hostName, "HOST");
        List<Host> others = new ArrayList<>(inv.members(GroupName.parse(DbStatusCommand.DB_GROUP)));
        others.remove(host);
        PrintWriter out = spec.commandLine().getOut();
        RolloutOptions all = new RolloutOptions(RolloutOptions.DEFAULT_PARALLEL, 0, Integer.MAX_VALUE, false);
        List<Host> primaries = Sessions.quiet(inv, "db-status").run(others, all, DbNode.inspect(),
                        (h, outcome, why, log) -> null, n -> false).stream()
                .filter(n -> n != null && n.runningPrimary()).map(DbNode::host).toList();
        if (primaries.size() != 1) {
            out.println("rejoin needs exactly one running primary among the other hosts of the group "
                    + DbStatusCommand.DB_GROUP + "; found " + primaries.size() + ": see push db status");
            return Push.SOME_FAILED;
        }
        Host primary = primaries.get(0);
        HostLogs logs = logDir.logs("db-rejoin");
        Rollout rollout = Sessions.rollout(inv, logs, out);
        List<HostResult> results = new ArrayList<>(rollout.run(List.of(primary), all, PairJobs.checkpoint()));
        if (results.get(0).outcome().isFailure()) {
            int code = Summary.print(out, results, logs.dir().toString());
            out.println(hostName + " was not touched; next: push db rejoin " + hostName + "   (once "
                    + primary.name() + " checkpoints)");
            return code;
        }
        results.addAll(rollout.run(List.of(host), all, PairJobs.rejoin(primary.name().toString(),
                primary.address())));
        if (!results.get(1).outcome().isFailure()) {
            results.addAll(rollout.run(List.of(primary), all, PairJobs.awaitStreaming(hostName)));
        }
        boolean streams = results.size() == 3 && !results.get(2).outcome().isFailure();
        if (streams) {
            // A failover that could not reach this host left its db alias on itself: it follows the primary now.
            results.addAll(rollout.run(List.of(host), all, DbAliasJobs.set(primary.address())));
        }
        int code = Summary.print(out, results, logs.dir().toString());
        PairJobs.nextCommand(results.get(1)).ifPresent(next -> out.println("next: " + next));
        if (streams && results.get(3).outcome().isFailure()) {
            out.println("next: push db alias set " + primary.name() + " " + hostName + "   (" + hostName + " streams,"
                    + " but its db alias was not moved)");
        }
        return code;
    }
}
