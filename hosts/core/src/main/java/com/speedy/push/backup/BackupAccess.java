package com.speedy.push.backup;

import com.speedy.push.db.ScramSecret;
import com.speedy.push.files.MarkedBlock;
import java.util.List;

/**
 * What the database hosts get so that the backup host, and only it, can back them up: Barman's two roles and
 * pg_hba entries for the backup host's address. Both hosts of the pair get the entries, so that the backup host
 * follows a switchover; the roles are made on the primary and reach the standby by replication.
 */
public final class BackupAccess {
    static final String HBA_BEGIN = "# BEGIN push backup setup: the backup host, for Barman";
    static final String HBA_END = "# END push backup setup";
    private static final MarkedBlock HBA_BLOCK = new MarkedBlock(HBA_BEGIN, HBA_END);

    private BackupAccess() {}

    /**
     * pg_hba.conf with push's backup block (where it is, or before the first rule, so that no broader rule of the
     * operator's shadows it) and every other line as it was.
     */
    public static String withBackupEntries(String hba, String backupAddress) {
        String host = backupAddress + (backupAddress.contains(":") ? "/128" : "/32");
        return HBA_BLOCK.applyBeforeRules(hba, List.of(
                "host replication " + BackupFiles.STREAMING_ROLE + " " + host + " scram-sha-256",
                "host all " + BackupFiles.ROLE + " " + host + " scram-sha-256"));
    }

    /**
     * SQL for the primary, safe to run again: the roles (their passwords set anew each run, as barman's .pgpass is)
     * with the least Barman 3.4 needs on PostgreSQL 15, and read access to the data for the dump job. The passwords
     * are given as SCRAM secrets ({@link ScramSecret}), so the SQL holds no password a server log could keep.
     */
    public static String rolesSql(String secret, String streamingSecret) {
        requireScram(secret);
        requireScram(streamingSecret);
        String role = BackupFiles.ROLE;
        String streaming = BackupFiles.STREAMING_ROLE;
        return String.join("\n",
                "DO $$ BEGIN",
                "  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "') THEN",
                "    CREATE ROLE " + role + " LOGIN; END IF;",
                "  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + streaming + "') THEN",
                "    CREATE ROLE " + streaming + " LOGIN REPLICATION; END IF;",
                "END $$;",
                // An existing role gets its attributes back too, whatever was changed by hand.
                "ALTER ROLE " + role + " LOGIN PASSWORD '" + secret + "';",
                "ALTER ROLE " + streaming + " LOGIN REPLICATION PASSWORD '" + streamingSecret + "';",
                "GRANT EXECUTE ON FUNCTION pg_backup_start(text, boolean) TO " + role + ";",
                "GRANT EXECUTE ON FUNCTION pg_backup_stop(boolean) TO " + role + ";",
                "GRANT EXECUTE ON FUNCTION pg_switch_wal() TO " + role + ";",
                "GRANT EXECUTE ON FUNCTION pg_create_restore_point(text) TO " + role + ";",
                "GRANT pg_read_all_settings, pg_read_all_stats, pg_read_all_data TO " + role + ";",
                "");
    }

    private static void requireScram(String secret) {
        if (!secret.matches("SCRAM-SHA-256\\$\\d+:[A-Za-z0-9+/=]+\\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+")) {
            throw new IllegalArgumentException("not a SCRAM-SHA-256 secret (never a plain password)");
        }
    }
}
