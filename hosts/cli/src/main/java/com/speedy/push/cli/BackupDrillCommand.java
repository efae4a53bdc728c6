package com.speedy.push.cli;

import com.speedy.push.backup.BackupDrill;
import com.speedy.push.backup.DrillJobs;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.rollout.HostLogs;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "drill", mixinStandardHelpOptions = true,
        description = {"Proves that the backups restore. On the primary, every table of the application database is"
                + " counted at a named restore point (writes wait for the length of the count). Barman restores its"
                + " newest base backup and the WAL up to that point into a scratch cluster on HOST ("
                + DrillJobs.CLUSTER + ", beside HOST's own cluster, which is never touched), which is counted the"
                + " same way, compared, and dropped. Prints each table's two counts, the RPO (how long the point took"
                + " to reach the backup host) and the RTO (how long the restore took), and records the drill on the"
                + " backup host for the monitoring's drill-age check. With backup.s3, the storage's copy is read back"
                + " too (the newest dump, base backup and the WAL after it, against the hashes recorded as they were"
                + " sent).",
            "Exit codes: 0 every count equal (and the storage's copy whole); 1 refused, failed, a count differs, or an"
                + " object in the storage damaged or missing; 2 bad input."},
        footer = {"", "Examples:", "  push backup drill app1"})
final class BackupDrillCommand implements Callable<Integer> {
    @Mixin
    InventoryOption inventory;

    @Mixin
    LogDirOption logDir;

    @Parameters(paramLabel = "HOST", description = "where the scratch cluster runs (with PostgreSQL and rsync)")
    String hostName;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Inventory inv = inventory.read();
        HostLogs logs = logDir.logs("backup-drill");
        PrintWriter out = spec.commandLine().getOut();
        BackupDrill.Outcome outcome = new BackupDrill(Sessions.rollout(inv, logs, out), Summary.console(out, logs))
                .run(new BackupDrill.Request(BackupCommand.topology(inv, spec), inv.namedHost(hostName, "HOST"),
                        logs.dir().toString()));
        return outcome == BackupDrill.Outcome.PASSED ? 0 : Push.SOME_FAILED;
    }
}
