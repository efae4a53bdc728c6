package com.speedy.push.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.speedy.push.db.ScramSecret;
import com.speedy.push.inventory.Inventory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What push backup setup would write, made from inventories, and the inventories it refuses. */
class BackupSetupTest {
    private static final Path FILE = Path.of("/etc/push/inventory.yaml");
    private static final String KEY = "age1rjcf308v4fvs3rxdzntxad6tvfk8jjxt58xfw0v5klg8f0yzr5pqh7kcq8";

    private static Inventory inventory(String backup, String backupHostGroups) throws Exception {
        return Inventory.parse(FILE, """
                ssh: {user: root, keys: [/k]}
                groups: {db: , backup: }
                hosts:
                  db1: {address: 10.0.0.11, groups: [db]}
                  db2: {address: 10.0.0.12, groups: [db]}
                  backup1: {address: 10.0.9.31, groups: %s}
                """.formatted(backupHostGroups) + backup, Path.of("/home/ops"));
    }

    @Test
    void barmanStreamsFromTheDbAliasThroughItsSlotAndKeepsWhatTheInventorySays() throws Exception {
        BackupTopology topology = BackupTopology.of(inventory("""
                backup: {server: backup1, base_backups: {keep: 3, window: 14d}}
                """, "[backup]"));

        String conf = BackupFiles.barmanConf(topology.backup());

        assertThat(conf.lines()).contains("[speedy]",
                "conninfo = host=db port=5432 user=barman dbname=postgres",
                "streaming_conninfo = host=db port=5432 user=streaming_barman",
                "backup_method = postgres", "streaming_archiver = on", "slot_name = barman", "create_slot = auto",
                "path_prefix = \"/usr/lib/postgresql/15/bin\"",
                "retention_policy = RECOVERY WINDOW OF 14 DAYS", "minimum_redundancy = 3");
        assertThat(topology.server().address()).isEqualTo("10.0.9.31");
        assertThat(topology.dbHosts()).extracting(h -> h.name().toString()).containsExactly("db1", "db2");
    }

    @Test
    void theJobsSettingsNameTheStorageOnlyWhereTheInventoryHasOneAndNoSecret() throws Exception {
        String without = BackupFiles.settings(BackupTopology.of(inventory("backup: {server: backup1}\n", "[]"))
                .backup());
        String with = BackupFiles.settings(BackupTopology.of(inventory("""
                backup:
                  server: backup1
                  database: shop
                  dumps: {daily: 3, weekly: 2, monthly: 1}
                  s3: {endpoint: 'https://s3.example/', bucket: speedy-backups, credentials: /c, recipients: [%s]}
                """.formatted(KEY), "[]")).backup());

        assertThat(without).doesNotContain("S3_").contains("DATABASE=speedy\n", "KEEP_DAILY=7\n", "PGHOST=db\n");
        assertThat(with.lines()).contains("DATABASE=shop", "KEEP_DAILY=3", "KEEP_WEEKLY=2", "KEEP_MONTHLY=1",
                "S3_ENDPOINT='https://s3.example/'", "S3_BUCKET=speedy-backups",
                "S3_CREDENTIALS=/etc/speedy-backup/s3-credentials", "AGE_RECIPIENTS=/etc/speedy-backup/recipients",
                "OUTBOX_DIR=/var/lib/speedy-backup/outbox");
    }

    @Test
    void onlyTheBackupHostIsLetInAndTheRolesGetNoMoreThanBarmanNeeds() {
        String hba = BackupAccess.withBackupEntries("# rules\nlocal all postgres peer\n", "10.0.9.31");
        String secret = ScramSecret.of("A1b2C3d4E5f6G7h8");
        String sql = BackupAccess.rolesSql(secret, ScramSecret.of("Z9y8X7w6V5u4T3s2"));

        assertThat(hba).as("before the first rule").isEqualTo("# rules\n" + BackupAccess.HBA_BEGIN + "\n"
                + "host replication streaming_barman 10.0.9.31/32 scram-sha-256\n"
                + "host all barman 10.0.9.31/32 scram-sha-256\n" + BackupAccess.HBA_END
                + "\nlocal all postgres peer\n");
        assertThat(BackupAccess.withBackupEntries(hba, "10.0.9.31")).isEqualTo(hba);
        assertThat(sql).contains("CREATE ROLE barman LOGIN;", "CREATE ROLE streaming_barman LOGIN REPLICATION;",
                "GRANT EXECUTE ON FUNCTION pg_backup_start(text, boolean) TO barman;", "PASSWORD '" + secret + "'")
                .doesNotContainIgnoringCase("superuser").doesNotContain("A1b2C3d4E5f6G7h8");
        assertThatThrownBy(() -> BackupAccess.rolesSql("A1b2C3d4E5f6G7h8", secret))
                .as("a plain password").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBackupHostInTheDbGroupOrAnInventoryWithoutBackupsIsRefusedSayingWhatToChange() throws Exception {
        assertThatThrownBy(() -> BackupTopology.of(inventory("backup: {server: backup1}\n", "[db]")))
                .isInstanceOf(InvalidBackupSetupException.class)
                .hasMessage("backup.server backup1 is in the group db of /etc/push/inventory.yaml; the backup host must"
                        + " be another host, in another place, so that losing the database pair does not lose the"
                        + " backups");
        assertThatThrownBy(() -> BackupTopology.of(inventory("", "[]")))
                .isInstanceOf(InvalidBackupSetupException.class)
                .hasMessageStartingWith("/etc/push/inventory.yaml has no backup section");
    }
}
