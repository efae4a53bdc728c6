package com.speedy.push.cli;

import com.speedy.push.backup.BackupTopology;
import com.speedy.push.backup.InvalidBackupSetupException;
import com.speedy.push.inventory.Inventory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

@Command(name = "backup", mixinStandardHelpOptions = true,
        subcommands = {BackupSetupCommand.class, BackupStatusCommand.class, BackupNowCommand.class,
            BackupRestoreCommand.class, BackupDrillCommand.class},
        description = "The backups: Barman on the backup host receiving the primary's WAL as it is written, base"
                + " backups and nightly dumps, and their encrypted copy in object storage.",
        footer = {"", "Examples:", "  push backup setup --dry-run", "  push backup setup",
            "  push backup status", "  push backup now --dump", "  push backup restore db3 --latest",
            "  push backup drill app1"})
final class BackupCommand {
    /** The inventory's backup hosts, or a usage error saying what to change in which file. */
    static BackupTopology topology(Inventory inventory, CommandSpec spec) {
        try {
            return BackupTopology.of(inventory);
        } catch (InvalidBackupSetupException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
