package com.speedy.push.cli;

import com.speedy.push.backup.BackupJobs;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.rollout.HostLogs;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.RolloutOptions;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "now", mixinStandardHelpOptions = true,
        description = {"Takes a base backup now on the backup host (barman backup --wait: complete once the WAL it"
                + " needs is archived), and with --dump the dump too (speedy-backup-dump.service, as its timer runs"
                + " it). Barman's own lock refuses a second backup beside one that runs.",
            "Exit codes: 0 done; 1 failed (the output says why); 2 bad input."},
        footer = {"", "Examples:", "  push backup now", "  push backup now --dump"})
final class BackupNowCommand implements Callable<Integer> {
    @Mixin
    InventoryOption inventory;

    @Mixin
    LogDirOption logDir;

    @Option(names = "--dump", description = "the dump of the application database too")
    boolean dump;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Inventory inv = inventory.read();
        HostLogs logs = logDir.logs("backup-now");
        PrintWriter out = spec.commandLine().getOut();
        List<HostResult> results = Sessions.rollout(inv, logs, out).run(List.of(BackupCommand.topology(inv, spec)
                .server()), new RolloutOptions(1, 0, 0, false), BackupJobs.now(dump));
        return Summary.print(out, results, logs.dir().toString());
    }
}
