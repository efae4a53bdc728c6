package com.speedy.push.db;

import com.speedy.push.files.MarkedBlock;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.HostSteps;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.ssh.CommandResult;
import com.speedy.push.ssh.SshException;
import com.speedy.push.sudo.RootScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
    private static final MarkedBlock HBA_BLOCK = new MarkedBlock(HBA_BEGIN, HBA_END);

    /** pg_hba.conf with push's replication block (replaced, or appended) and every other line as it was. */
    public static String withReplicationEntries(String hba, List<String> dbAddresses) {
        List<String> lines = new ArrayList<>();
        for (String address : dbAddresses) {
            lines.add("host replication " + ROLE + " " + address + "/32 scram-sha-256");
            // pg_rewind's source connection (push db rejoin) is an ordinary one, to the postgres database.
            lines.add("host postgres " + ROLE + " " + address + "/32 scram-sha-256");
        }
        return HBA_BLOCK.applyTo(hba, lines);
    }

    /**
     * Prepares the primary: the pair's files ({@code hba}, already carrying push's block, is what both hosts get), the
     * role with {@code password}, the slot, the settings a standby and pg_rewind need; then a restart.
     */
    public static Rollout.HostJob<HostResult> preparePrimary(List<String> dbAddresses, String standby,
                                                             String password, String hba) {
        return steps -> {
            Cluster cluster = Cluster.of(steps);
            steps.progress("preparing the primary: role " + ROLE + ", pg_hba, slot " + slot(standby));
            configurePairMember(steps, cluster, dbAddresses, password, hba);
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
    private static final String POSTGRES = "postgres:postgres";
    static final String GUARD = "/usr/local/lib/push/pg-start-guard";
    static final String GUARD_DROP_IN = "/etc/systemd/system/postgresql@.service.d/push-start-guard.conf";

    /**
     * What either host of the pair needs, whichever is primary: pg_hba entries for the pair, the replication password
     * in a passfile (never on a command line), the peers' addresses and the start guard that keeps a failed-over
     * primary from coming back writable by itself.
     */
    private static void configurePairMember(HostSteps steps, Cluster cluster, List<String> dbAddresses, String password,
                                            String hba) throws IOException, SshException, InterruptedException {
        String hbaFile = cluster.confDir() + "/pg_hba.conf";
        // Each with its owner in the same step: a run killed between an upload and a chown left the primary a
        // pg_hba.conf that PostgreSQL could not read, and every re-run refused (the drills' seed 1796171260, run 47).
        steps.upload(hba.getBytes(StandardCharsets.UTF_8), hbaFile, "0640", POSTGRES);
        StringBuilder passfile = new StringBuilder();
        StringBuilder peers = new StringBuilder();
        for (String address : dbAddresses) {
            passfile.append(address).append(":5432:*:").append(ROLE).append(':').append(password).append('\n');
            if (!address.equals(steps.host().address())) {
                peers.append(address).append('\n');
            }
        }
        steps.upload(passfile.toString().getBytes(StandardCharsets.UTF_8), PASSFILE, "0600", POSTGRES);
        steps.upload(peers.toString().getBytes(StandardCharsets.UTF_8), cluster.confDir() + "/push-peers", "0644",
                POSTGRES);
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

    /** Where a clone in progress is marked: beside the data directory, never in it (pg_basebackup needs it empty). */
    public static String cloneMarker(String dataDir) {
        return dataDir + ".push-replica-unfinished";
    }

    /**
     * Asks the primary-to-be, changing nothing: its role and settings ({@link DbNode}), its version, its pg_hba.conf
     * and the replication password its passfile already holds (read without logging it).
     */
    public static Rollout.HostJob<ReplicaPlan.PrimaryFacts> inspectPrimary() {
        return steps -> {
            Cluster cluster = Cluster.of(steps);
            DbNode node = DbNode.inspect(steps);
            String hbaFile = cluster.confDir() + "/pg_hba.conf";
            String hba = steps.check(List.of("cat", hbaFile), "reading " + hbaFile).stdoutText();
            CommandResult passfile = steps.runWithheld(RootScript.CAT_IF_EXISTS.argv(PASSFILE));
            if (passfile.exitStatus() != 0) {
                throw new IOException("reading " + PASSFILE + " failed: " + passfile.stderrText().strip());
            }
            return new ReplicaPlan.PrimaryFacts(steps.host(), "", Optional.of(node), cluster.version(), hba,
                    passwordIn(passfile.stdoutText()));
        };
    }

    /** The replication role's password in a passfile push wrote: one, in push's own alphabet, or none. */
    static Optional<String> passwordIn(String passfile) {
        List<String> passwords = passfile.lines().map(l -> l.split(":", -1))
                .filter(f -> f.length == 5 && f[3].equals(ROLE)).map(f -> f[4]).distinct().toList();
        return passwords.size() == 1 && passwords.get(0).matches("[A-Za-z0-9_-]{16,}") ? Optional.of(passwords.get(0))
                : Optional.empty();
    }

    /**
     * Asks the host to become a standby, changing nothing: whether its cluster runs and as what, and what its data
     * directory holds ({@link DataDirectory}, from the directory itself, whether the cluster runs, was stopped or was
     * killed).
     */
    public static Rollout.HostJob<ReplicaPlan.StandbyFacts> inspectStandby() {
        return steps -> {
            Cluster cluster = Cluster.of(steps);
            ReplicaPlan.Role role = ReplicaPlan.Role.STOPPED;
            String roleDetail = "its PostgreSQL is stopped";
            Map<Long, String> names = new HashMap<>();
            if (cluster.online()) {
                CommandResult recovery = steps.run(Cluster.query("SELECT pg_is_in_recovery()"));
                String answer = recovery.stdoutText().strip();
                if (recovery.exitStatus() != 0 || !(answer.equals("t") || answer.equals("f"))) {
                    role = ReplicaPlan.Role.UNKNOWN;
                    roleDetail = "its PostgreSQL runs but did not answer (" + (recovery.stderrText().strip().isEmpty()
                            ? "exit " + recovery.exitStatus() : recovery.stderrText().strip()) + ")";
                } else {
                    role = answer.equals("t") ? ReplicaPlan.Role.STANDBY : ReplicaPlan.Role.PRIMARY;
                    roleDetail = answer.equals("t") ? "it runs as a standby" : "it runs as a primary";
                    // Only to name the databases: the verdict itself comes from the directory.
                    steps.run(Cluster.query("SELECT oid, datname FROM pg_database")).stdoutText().lines()
                            .map(l -> l.split("\\|", 2)).filter(f -> f.length == 2 && f[0].matches("[0-9]{1,10}"))
                            .forEach(f -> names.put(Long.parseLong(f[0]), f[1]));
                }
            }
            DataDirectory data = dataDirectory(steps, cluster, names);
            boolean basebackup = steps.run(List.of("test", "-x", cluster.binary("pg_basebackup"))).exitStatus() == 0;
            return new ReplicaPlan.StandbyFacts(steps.host(), "", cluster.version(), role, roleDetail, cluster.unit(),
                    Optional.of(data), basebackup);
        };
    }

    private static DataDirectory dataDirectory(HostSteps steps, Cluster cluster, Map<Long, String> names)
            throws IOException, SshException, InterruptedException {
        return DataDirectory.read(steps, cluster, cloneMarker(cluster.dataDir()), names);
    }

    /**
     * Replaces the standby's cluster with a copy of the primary's, as planned: after stopping it, its data directory
     * is listed again and must still be what the plan allowed. The clone is marked (beside the data directory) before
     * the directory is emptied or moved, and the mark is removed once the standby started, so that a run killed at any
     * point is finished by running the same command again.
     *
     * @param aside where {@link ReplicaPlan.DataAction#MOVE_ASIDE} renames the data directory to
     */
    public static Rollout.HostJob<HostResult> cloneStandby(List<String> dbAddresses, String primaryAddress,
                                                           String password, String hba,
                                                           ReplicaPlan.DataAction action, String aside) {
        return steps -> {
            Cluster cluster = Cluster.of(steps);
            String name = steps.host().name().toString();
            String dir = cluster.dataDir();
            steps.progress("stopping " + cluster.unit());
            steps.check(List.of("systemctl", "stop", cluster.unit()), "stopping " + cluster.unit());
            DataDirectory now = dataDirectory(steps, cluster, Map.of());
            if (action == ReplicaPlan.DataAction.EMPTY && now.kind() != DataDirectory.Kind.NOTHING
                    && now.kind() != DataDirectory.Kind.UNFINISHED_CLONE) {
                throw new IOException(dir + " changed since it was checked (now: " + now.detail() + "); nothing in it"
                        + " was deleted; " + cluster.unit() + " is stopped (systemctl start " + cluster.unit() + " on "
                        + name + " starts it again)");
            }
            configurePairMember(steps, cluster, dbAddresses, password, hba);
            steps.upload(("push db replica: a clone from " + primaryAddress + " started "
                    + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n").getBytes(StandardCharsets.UTF_8),
                    cloneMarker(dir), "0644");
            // A rejoin's mark of its rewind, if one failed here before, is about the directory being replaced.
            steps.check(List.of("rm", "-f", PairJobs.rewoundMarker(dir)), "removing " + PairJobs.rewoundMarker(dir));
            stopUnfinishedBasebackup(steps, cluster);
            boolean moved = action == ReplicaPlan.DataAction.MOVE_ASIDE && now.kind() != DataDirectory.Kind.UNFINISHED_CLONE
                    && steps.run(List.of("test", "-e", dir)).exitStatus() == 0;
            if (moved) {
                steps.progress("moving " + dir + " aside to " + aside);
                steps.check(RootScript.MOVE_ASIDE.argv(dir, aside),
                        "moving " + dir + " aside to " + aside);
            }
            steps.progress((moved ? "creating " : "emptying ") + dir);
            steps.check(RootScript.EMPTY_DATA_DIRECTORY.argv(dir), "emptying " + dir);
            steps.progress("cloning the primary " + primaryAddress + " into " + dir + " (pg_basebackup)");
            steps.check(List.of("runuser", "-u", "postgres", "--", cluster.binary("pg_basebackup"), "-D", dir, "-R",
                    "-X", "stream", "-c", "fast", "-S", slot(name), "-d", "host=" + primaryAddress + " user=" + ROLE
                            + " application_name=" + name + " passfile=" + PASSFILE), "pg_basebackup");
            cluster.setStart(steps, "auto");
            steps.check(List.of("systemctl", "start", cluster.unit()), "starting " + cluster.unit());
            steps.check(List.of("rm", "-f", cloneMarker(dir)), "removing " + cloneMarker(dir));
            return new HostResult(steps.host(), HostResult.Outcome.CHANGED, "standby of " + primaryAddress
                    + (moved ? "; its old data directory is at " + aside : ""), List.of(), steps.logFile());
        };
    }

    /**
     * Stops a pg_basebackup that an earlier, killed run left copying into this data directory (it goes on by itself
     * when push's connection drops, and would hold the standby's slot).
     */
    private static void stopUnfinishedBasebackup(HostSteps steps, Cluster cluster)
            throws IOException, SshException, InterruptedException {
        steps.check(RootScript.STOP_BASEBACKUP.argv(cluster.binary("pg_basebackup"),
                cluster.dataDir()), "stopping an earlier run's pg_basebackup");
    }
}
