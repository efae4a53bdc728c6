package com.speedy.push.backup;

import com.speedy.push.db.DbGroup;
import com.speedy.push.inventory.Backup;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.Inventory;
import java.util.List;

/**
 * The hosts a backup involves, as the inventory names them, checked before anything is touched: the backup host
 * (never one of the db group, since it has to outlive the pair) and the one or two database hosts it backs up.
 */
public record BackupTopology(Backup backup, Host server, List<Host> dbHosts) {
    public BackupTopology {
        dbHosts = List.copyOf(dbHosts);
    }

    /** The topology of {@code inventory}, or an exception saying what to change in which file. */
    public static BackupTopology of(Inventory inventory) throws InvalidBackupSetupException {
        Backup backup = inventory.backup().orElseThrow(() -> new InvalidBackupSetupException(inventory.file()
                + " has no backup section; add one naming the backup host, e.g. backup: {server: backup1}"));
        // The inventory checked that backup.server names one of its hosts.
        Host server = inventory.host(backup.server()).orElseThrow(() -> new IllegalStateException(
                "backup.server " + backup.server() + " is not a host of " + inventory.file()));
        List<Host> dbHosts = DbGroup.members(inventory);
        if (server.groups().contains(DbGroup.name())) {
            throw new InvalidBackupSetupException("backup.server " + server.name() + " is in the group "
                    + DbGroup.NAME + " of " + inventory.file() + "; the backup host must be another host, in another"
                    + " place, so that losing the database pair does not lose the backups");
        }
        if (dbHosts.isEmpty() || dbHosts.size() > 2) {
            throw new InvalidBackupSetupException("the group " + DbGroup.NAME + " of " + inventory.file() + " has "
                    + dbHosts.size() + " hosts; backups are of one database pair: one or two hosts");
        }
        return new BackupTopology(backup, server, dbHosts);
    }
}
