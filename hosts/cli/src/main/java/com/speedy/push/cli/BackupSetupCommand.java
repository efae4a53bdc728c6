package com.speedy.push.cli;

import com.speedy.push.backup.BackupFiles;
import com.speedy.push.backup.BackupSetup;
import com.speedy.push.backup.BackupTopology;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.rollout.HostLogs;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "setup", mixinStandardHelpOptions = true,
        description = {"Sets the backups up from the inventory's backup section. On both database hosts (group db):"
                + " pg_hba entries for the backup host alone, before the first rule. On the primary: Barman's roles"
                + " (barman: backup functions, settings, statistics and read access for the dumps; streaming_barman:"
                + " replication only), their passwords sent as SCRAM secrets. On the backup host (which must run"
                + " speedy-backup): " + BackupFiles.BARMAN_CONF + " (Barman streams WAL from the db alias through"
                + " slot " + BackupFiles.SLOT + ", so it follows a switchover or failover), " + BackupFiles.SETTINGS
                + ", barman's .pgpass, the storage's credentials and age recipients if backup.s3 is set, then the"
                + " units: WAL received, barman cron, the nightly base backup and dump, the off-site copy and its daily"
                + " check; and a first base backup when Barman holds none.",
            "Every host is asked before anything changes (with backup.s3, the storage too: from the backup host, with"
                + " the credentials setup would install): a refusal changes nothing. Every step is safe to run again:"
                + " a run that stopped is finished by running it again.",
            "Exit codes: 0 set up; 1 refused or a step failed (the output says which); 2 bad input."},
        footer = {"", "Examples:", "  push backup setup --dry-run   # the checks only",
            "  push backup setup"})
final class BackupSetupCommand implements Callable<Integer> {
    @Mixin
    InventoryOption inventory;

    @Mixin
    LogDirOption logDir;

    @Option(names = "--dry-run", description = "ask every host and say what would change; change nothing")
    boolean dryRun;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Inventory inv = inventory.read();
        BackupTopology topology = BackupCommand.topology(inv, spec);
        HostLogs logs = logDir.logs("backup-setup");
        PrintWriter out = spec.commandLine().getOut();
        BackupSetup.Outcome outcome = new BackupSetup(Sessions.rollout(inv, logs, out), Summary.console(out, logs))
                .run(new BackupSetup.Request(topology, dryRun, logs.dir().toString()));
        return outcome == BackupSetup.Outcome.DONE || outcome == BackupSetup.Outcome.WOULD_CHANGE ? 0
                : Push.SOME_FAILED;
    }
}
