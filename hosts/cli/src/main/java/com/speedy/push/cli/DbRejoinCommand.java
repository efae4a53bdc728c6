package com.speedy.push.cli;

import com.speedy.push.db.Rejoin;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.rollout.HostLogs;
import java.io.PrintWriter;
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
        PrintWriter out = spec.commandLine().getOut();
        HostLogs logs = logDir.logs("db-rejoin");
        boolean streams = new Rejoin(Sessions.quiet(inv, "db-status"), Sessions.rollout(inv, logs, out),
                Summary.console(out, logs)).run(inv, host);
        return streams ? 0 : Push.SOME_FAILED;
    }
}
