package com.speedy.push.db;

import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.HostSteps;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.ssh.CommandResult;
import com.speedy.push.ssh.SshException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code push db replica HOST --from PRIMARY}: the primary is prepared (a replication role, pg_hba entries for the
 * inventory's database hosts only, a replication slot for the standby, {@code wal_log_hints} so that pg_rewind works
 * later), then the standby is cloned with {@code pg_basebackup -R} under its own {@code application_name}.
 */
public final class ReplicaJobs {
    static final String ROLE = "replicator";

    private ReplicaJobs() {}

    /** The slot named after the standby (a replication slot name allows lower-case letters, digits and '_'). */
    static String slot(String standby) {
        return standby.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    }

    static final String HBA_BEGIN = "# BEGIN push db replica: the inventory's database hosts, for streaming replication";
    static final String HBA_END = "# END push db replica";

    /** pg_hba.conf with push's replication block (replaced, or appended) and every other line as it was. */
    static String withReplicationEntries(String hba, List<String> dbAddresses) {
        int begin = hba.indexOf(HBA_BEGIN);
        int end = begin < 0 ? -1 : hba.indexOf(HBA_END, begin);
        String rest = begin < 0 || end < 0 ? hba
                : hba.substring(0, begin) + hba.substring(Math.min(hba.length(), hba.indexOf('\n', end) + 1));
        StringBuilder block = new StringBuilder(HBA_BEGIN).append('\n');
        for (String address : dbAddresses) {
            block.append("host replication ").append(ROLE).append(' ').append(address).append("/32 scram-sha-256\n");
            // pg_rewind's source connection (push db rejoin) is an ordinary one, to the postgres database.
            block.append("host postgres ").append(ROLE).append(' ').append(address).append("/32 scram-sha-256\n");
        }
        block.append(HBA_END).append('\n');
        return (rest.isEmpty() || rest.endsWith("\n") ? rest : rest + "\n") + block;
    }

    public static Rollout.HostJob<HostResult> preparePrimary(List<String> dbAddresses, String standby,
                                                             String password) {
        return steps -> {
            Cluster cluster = Cluster.of(steps);
            steps.progress("preparing the primary: role " + ROLE + ", pg_hba, slot " + slot(standby));
            configurePairMember(steps, cluster, dbAddresses, password);
            cluster.setStart(steps, "auto");
            steps.check(List.of("systemctl", "start", cluster.unit()), "starting " + cluster.unit());
            String sql = "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + ROLE + "') THEN"
                    + " CREATE ROLE " + ROLE + " REPLICATION LOGIN; END IF; END $$;\n"
                    + "ALTER ROLE " + ROLE + " PASSWORD '" + password + "';\n"
                    // What pg_rewind reads from its source, granted instead of making the role a superuser.
                    + "GRANT EXECUTE ON FUNCTION pg_catalog.pg_ls_dir(text, boolean, boolean) TO " + ROLE + ";\n"
                    + "GRANT EXECUTE ON FUNCTION pg_catalog.pg_stat_file(text, boolean) TO " + ROLE + ";\n"
                    + "GRANT EXECUTE ON FUNCTION pg_catalog.pg_read_binary_file(text) TO " + ROLE + ";\n"
                    + "GRANT EXECUTE ON FUNCTION pg_catalog.pg_read_binary_file(text, bigint, bigint, boolean) TO "
                    + ROLE + ";\n"
                    + "ALTER SYSTEM SET listen_addresses = '*';\n"
                    + "ALTER SYSTEM SET wal_log_hints = on;\n"
                    + createSlot(standby);
            CommandResult applied = steps.run(Cluster.psql(), sql.getBytes(StandardCharsets.UTF_8));
            if (applied.exitStatus() != 0) {
                throw new IOException("configuring the primary failed: " + applied.stderrText().strip());
            }
            // listen_addresses and wal_log_hints take effect on a restart.
            steps.check(List.of("systemctl", "restart", cluster.unit()), "restarting " + cluster.unit());
            return new HostResult(steps.host(), HostResult.Outcome.CHANGED, "primary ready for " + standby, List.of(),
                    steps.logFile());
        };
    }

    /** SQL that creates the standby's replication slot unless it exists. */
    static String createSlot(String standby) {
        return "SELECT pg_create_physical_replication_slot('" + slot(standby) + "') WHERE NOT EXISTS (SELECT FROM"
                + " pg_replication_slots WHERE slot_name = '" + slot(standby) + "');\n";
    }

    static final String PASSFILE = "/var/lib/postgresql/.pgpass-push-replica";
    static final String GUARD = "/usr/local/lib/push/pg-start-guard";
    static final String GUARD_DROP_IN = "/etc/systemd/system/postgresql@.service.d/push-start-guard.conf";

    /**
     * What either host of the pair needs, whichever is primary: pg_hba entries for the pair, the replication password
     * in a passfile (never on a command line), the peers' addresses and the start guard that keeps a failed-over
     * primary from coming back writable by itself.
     */
    private static void configurePairMember(HostSteps steps, Cluster cluster, List<String> dbAddresses, String password)
            throws IOException, SshException, InterruptedException {
        String hbaFile = cluster.confDir() + "/pg_hba.conf";
        String hba = steps.check(List.of("cat", hbaFile), "reading " + hbaFile).stdoutText();
        steps.upload(withReplicationEntries(hba, dbAddresses).getBytes(StandardCharsets.UTF_8), hbaFile, "0640");
        StringBuilder passfile = new StringBuilder();
        StringBuilder peers = new StringBuilder();
        for (String address : dbAddresses) {
            passfile.append(address).append(":5432:*:").append(ROLE).append(':').append(password).append('\n');
            if (!address.equals(steps.host().address())) {
                peers.append(address).append('\n');
            }
        }
        steps.upload(passfile.toString().getBytes(StandardCharsets.UTF_8), PASSFILE, "0600");
        steps.upload(peers.toString().getBytes(StandardCharsets.UTF_8), cluster.confDir() + "/push-peers", "0644");
        steps.check(List.of("chown", "postgres:postgres", hbaFile, PASSFILE, cluster.confDir() + "/push-peers"),
                "chown");
        steps.check(List.of("mkdir", "-p", "/usr/local/lib/push", "/etc/systemd/system/postgresql@.service.d"),
                "mkdir");
        steps.upload(guardScript(), GUARD, "0755");
        steps.upload(("# Written by push db replica: a failed-over primary does not come back writable by itself.\n"
                + "[Service]\nExecStartPre=" + GUARD + " %i\n").getBytes(StandardCharsets.UTF_8), GUARD_DROP_IN, "0644");
        // A database host starts its cluster at boot (start.conf auto, through postgresql.service) unless fenced.
        steps.check(List.of("systemctl", "daemon-reload"), "systemctl daemon-reload");
        steps.check(List.of("systemctl", "enable", "--quiet", "postgresql"), "systemctl enable postgresql");
    }

    private static byte[] guardScript() throws IOException {
        try (var in = ReplicaJobs.class.getResourceAsStream("pg-start-guard")) {
            if (in == null) {
                throw new IOException("pg-start-guard is missing from push's jar");
            }
            return in.readAllBytes();
        }
    }

    /** Checks, before anything changes anywhere, that the host to become a standby holds no data of its own. */
    public static Rollout.HostJob<HostResult> checkStandby() {
        return steps -> {
            refuseIfItHoldsData(steps);
            return new HostResult(steps.host(), HostResult.Outcome.OK, "holds no data of its own", List.of(),
                    steps.logFile());
        };
    }

    private static void refuseIfItHoldsData(HostSteps steps) throws IOException, SshException, InterruptedException {
        String name = steps.host().name().toString();
        CommandResult own = steps.run(List.of("runuser", "-u", "postgres", "--", "psql", "-XAtq", "-d",
                "postgres", "-c", "SELECT coalesce(string_agg(datname, ' '), '') || (SELECT CASE WHEN count(*) > 0"
                        + " THEN ' (and standbys stream from it)' ELSE '' END FROM pg_stat_replication)"
                        + " FROM pg_database WHERE datname NOT IN ('postgres', 'template0', 'template1')"));
        if (own.exitStatus() == 0 && !own.stdoutText().isBlank()) {
            throw new IOException(name + " holds data of its own: " + own.stdoutText().strip() + "; it is not"
                    + " made a standby (drop what is not needed first, or choose another host)");
        }
    }

    /**
     * Replaces the standby's cluster with a copy of the primary's: refused while it holds a database of its own, so
     * that a primary is never overwritten by mistake.
     */
    public static Rollout.HostJob<HostResult> cloneStandby(List<String> dbAddresses, String primaryAddress,
                                                           String password) {
        return steps -> {
            Cluster cluster = Cluster.of(steps);
            String name = steps.host().name().toString();
            refuseIfItHoldsData(steps);
            steps.progress("cloning the primary " + primaryAddress + " into " + cluster.dataDir());
            steps.check(List.of("systemctl", "stop", cluster.unit()), "stopping " + cluster.unit());
            configurePairMember(steps, cluster, dbAddresses, password);
            steps.check(List.of("find", cluster.dataDir(), "-mindepth", "1", "-delete"), "emptying " + cluster.dataDir());
            steps.check(List.of("runuser", "-u", "postgres", "--", "pg_basebackup", "-D", cluster.dataDir(), "-R",
                    "-X", "stream", "-S", slot(name), "-d", "host=" + primaryAddress + " user=" + ROLE
                            + " application_name=" + name + " passfile=" + PASSFILE), "pg_basebackup");
            cluster.setStart(steps, "auto");
            steps.check(List.of("systemctl", "start", cluster.unit()), "starting " + cluster.unit());
            return new HostResult(steps.host(), HostResult.Outcome.CHANGED, "standby of " + primaryAddress, List.of(),
                    steps.logFile());
        };
    }
}
