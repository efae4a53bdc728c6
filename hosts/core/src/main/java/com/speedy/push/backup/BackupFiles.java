package com.speedy.push.backup;

import com.speedy.process.ShellQuoting;
import com.speedy.push.db.HostsFile;
import com.speedy.push.inventory.Backup;
import com.speedy.push.inventory.ObjectStorage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code push backup setup} writes on the backup host, made from the inventory: Barman's server section (the
 * primary reached through the {@code db} alias, so that a switchover or failover needs no change here), the settings
 * of the dump job and the off-site copy, and the age recipients. No secret is in any of them: the database passwords
 * go to barman's {@code ~/.pgpass}, the storage's keys to their own file.
 */
public final class BackupFiles {
    /** Barman's name for the cluster; its files live under /var/lib/barman/speedy. */
    public static final String SERVER = "speedy";
    public static final String BARMAN_CONF = "/etc/barman.d/" + SERVER + ".conf";
    public static final String SETTINGS = "/etc/speedy-backup/backup.conf";
    public static final String RECIPIENTS = "/etc/speedy-backup/recipients";
    public static final String S3_CREDENTIALS = "/etc/speedy-backup/s3-credentials";
    public static final String DUMP_DIR = "/var/lib/speedy-backup/dumps";
    /** Where Barman's hooks queue WAL files and base backups for the off-site copy. */
    public static final String OUTBOX_DIR = "/var/lib/speedy-backup/outbox";
    /** The role Barman's ordinary connection logs in as: backup functions, settings and statistics, no superuser. */
    public static final String ROLE = "barman";
    /** The role pg_receivewal and pg_basebackup log in as: REPLICATION only. */
    public static final String STREAMING_ROLE = "streaming_barman";
    /** Barman's replication slot, on whichever host is the primary. */
    public static final String SLOT = "barman";
    static final int PORT = 5432;
    private static final String PG_BIN = "/usr/lib/postgresql/15/bin";
    /** The units {@code push backup setup} enables: WAL received, barman cron, and the three jobs' timers. */
    public static final List<String> UNITS = List.of("speedy-backup-receive-wal.service",
            "speedy-backup-barman-cron.timer", "speedy-backup-base.timer", "speedy-backup-dump.timer");
    /** Enabled only with object storage: the off-site copy (every minute) and its daily check. */
    public static final List<String> OFFSITE_TIMERS = List.of("speedy-backup-offsite.timer",
            "speedy-backup-offsite-check.timer");
    /** The off-site copy's command (send, check, probe). */
    public static final String OFFSITE = "/usr/lib/speedy-backup/speedy-backup-offsite";
    public static final String PGPASS = "/var/lib/barman/.pgpass";
    /** Barman's folder of the server: base/, wals/, streaming/ (pg_receivewal's). */
    public static final String BARMAN_SERVER_DIR = "/var/lib/barman/" + SERVER;
    /** The application_name Barman's pg_receivewal gives the primary (its streaming_archiver_name). */
    public static final String RECEIVER = "barman_receive_wal";

    private BackupFiles() {}

    /** /etc/barman.d/speedy.conf: WAL streamed through the slot, base backups by pg_basebackup, the retention. */
    public static String barmanConf(Backup backup) {
        Backup.BaseBackupRetention retention = backup.baseBackups();
        return String.join("\n",
                "; Written by push backup setup from the inventory; a change here is undone by its next run.",
                "[" + SERVER + "]",
                "description = \"Speedy's database, the primary named by the db alias\"",
                "conninfo = host=" + HostsFile.ALIAS + " port=" + PORT + " user=" + ROLE + " dbname=postgres",
                "streaming_conninfo = host=" + HostsFile.ALIAS + " port=" + PORT + " user=" + STREAMING_ROLE,
                "backup_method = postgres",
                "streaming_archiver = on",
                "archiver = off",
                "slot_name = " + SLOT,
                "create_slot = auto",
                "path_prefix = \"" + PG_BIN + "\"",
                "immediate_checkpoint = true",
                "retention_policy = RECOVERY WINDOW OF " + retention.windowDays() + " DAYS",
                "minimum_redundancy = " + retention.keep(),
                "wal_retention_policy = main",
                "last_backup_maximum_age = 2 DAYS",
                "")
                + backup.objectStorage().map(s3 -> String.join("\n",
                        "; The off-site copy: each WAL file and base backup queued for speedy-backup-offsite send.",
                        "; The retry forms: a hook that fails stops Barman (and is tried again), never only logged.",
                        "pre_archive_retry_script = \"" + OFFSITE + " queue-wal\"",
                        "post_backup_retry_script = \"" + OFFSITE + " queue-base\"",
                        "")).orElse("");
    }

    /** /etc/speedy-backup/backup.conf, which the dump job and the off-site copy read (shell assignments). */
    public static String settings(Backup backup) {
        Backup.DumpRetention dumps = backup.dumps();
        StringBuilder text = new StringBuilder()
                .append("# Written by push backup setup from the inventory; a change here is undone by its next run.\n")
                .append("DUMP_DIR=").append(DUMP_DIR).append('\n')
                .append("PGHOST=").append(HostsFile.ALIAS).append('\n')
                .append("PGPORT=").append(PORT).append('\n')
                .append("PGUSER=").append(ROLE).append('\n')
                .append("DATABASE=").append(backup.database()).append('\n')
                .append("KEEP_DAILY=").append(dumps.daily()).append('\n')
                .append("KEEP_WEEKLY=").append(dumps.weekly()).append('\n')
                .append("KEEP_MONTHLY=").append(dumps.monthly()).append('\n');
        backup.objectStorage().ifPresent(s3 -> text
                .append("S3_ENDPOINT=").append(ShellQuoting.quote(s3.endpoint().toString())).append('\n')
                .append("S3_BUCKET=").append(s3.bucket()).append('\n')
                .append("S3_CREDENTIALS=").append(S3_CREDENTIALS).append('\n')
                .append("AGE_RECIPIENTS=").append(RECIPIENTS).append('\n')
                .append("OUTBOX_DIR=").append(OUTBOX_DIR).append('\n'));
        return text.toString();
    }

    /** The age recipients file: one public key a line. */
    public static String recipients(ObjectStorage s3) {
        return "# Written by push backup setup: the inventory's backup.s3.recipients. Their private keys are kept\n"
                + "# elsewhere; nothing on this host can decrypt what it sends off-site.\n"
                + String.join("\n", s3.recipients()) + "\n";
    }

    /** barman's ~/.pgpass: the passwords of both roles for the db alias (the streaming one's database is replication). */
    public static String pgpass(String password, String streamingPassword) {
        return String.join("\n", List.of(
                HostsFile.ALIAS + ":" + PORT + ":*:" + ROLE + ":" + password,
                HostsFile.ALIAS + ":" + PORT + ":replication:" + STREAMING_ROLE + ":" + streamingPassword, ""));
    }

    /**
     * The passwords of push's two roles in a .pgpass push wrote: role to password, only where it is one in push's
     * own alphabet (anything else is made anew).
     */
    public static Map<String, String> passwordsIn(String pgpass) {
        Map<String, String> passwords = new HashMap<>();
        for (String line : pgpass.lines().toList()) {
            String[] f = line.split(":", -1);
            boolean ours = f.length == 5 && (f[3].equals(ROLE) || f[3].equals(STREAMING_ROLE));
            if (ours && f[4].matches("[A-Za-z0-9_-]{16,}")) {
                passwords.put(f[3], f[4]);
            }
        }
        return passwords;
    }
}
