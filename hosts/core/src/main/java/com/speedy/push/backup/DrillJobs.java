package com.speedy.push.backup;

import com.speedy.push.db.Cluster;
import com.speedy.push.db.Lsn;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.HostSteps;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.ssh.CommandResult;
import com.speedy.push.ssh.SshException;
import com.speedy.push.sudo.RootScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The host jobs of {@code push backup drill}: on the primary, the row counts of every table at a named restore point;
 * on the drill host, a scratch cluster of its own (never its main one) that Barman restores to that point, counted
 * the same way, then dropped.
 */
public final class DrillJobs {
    /**
     * The scratch cluster's name and port: beside the host's own cluster, which a drill never touches. No hyphen:
     * systemd reads one in postgresql@15-NAME as a slash.
     */
    public static final String CLUSTER = "speedy_drill";
    static final int PORT = 5499;
    /** Marks a scratch cluster as push's own, so that a drill that was stopped is cleaned up by the next one. */
    static final String MARKER = "push-drill-scratch";
    /** When the last drill ran and how it ended, for the NRPE check of the drill's age. */
    public static final String LAST_DRILL = "/var/lib/speedy-backup/last-drill";

    private DrillJobs() {}

    /**
     * The counts and the restore point, taken together: every table of {@code database} locked in SHARE mode (writes
     * wait, reads go on) for the length of one count, so that the counts are exactly what is committed at the point.
     *
     * @return table to count, and the restore point's LSN under the key {@code ""}
     */
    public static Rollout.HostJob<Map<String, String>> countAndMark(String database, String pointName) {
        return steps -> {
            String sql = String.join("\n",
                    "BEGIN;",
                    "SELECT 'LOCK TABLE ' || string_agg(format('%I.%I', schemaname, tablename), ', ')"
                            + " || ' IN SHARE MODE' FROM pg_tables WHERE " + USER_TABLES + " HAVING count(*) > 0",
                    "\\gexec",
                    "SELECT format('SELECT %L, count(*) FROM %I.%I', schemaname || '.' || tablename, schemaname,"
                            + " tablename) FROM pg_tables WHERE " + USER_TABLES + " ORDER BY 1",
                    "\\gexec",
                    "SELECT '', pg_create_restore_point('" + pointName + "');",
                    "COMMIT;", "");
            steps.progress("counting every table of " + database + " at restore point " + pointName);
            CommandResult result = steps.run(psql(database, 5432), sql.getBytes(StandardCharsets.UTF_8));
            if (result.exitStatus() != 0) {
                throw new IOException("counting at a restore point failed: " + result.stderrText().strip());
            }
            return counts(result.stdoutText());
        };
    }

    /**
     * Waits until the primary has sent {@code lsn} down Barman's stream. (pg_receivewal reports its own write position
     * only every 10 s, so write_lsn would add up to 10 s; should the point not be in what Barman holds after all, the
     * restore cannot reach it and the drill fails, never passes.)
     */
    public static Rollout.HostJob<HostResult> awaitReceived(Lsn lsn, Duration timeout) {
        return steps -> {
            Instant deadline = Instant.now().plus(timeout);
            String sql = "SELECT coalesce(bool_or(sent_lsn >= '" + lsn + "'), false) FROM pg_stat_replication"
                    + " WHERE application_name = '" + BackupFiles.RECEIVER + "'";
            while (Instant.now().isBefore(deadline)) {
                if (steps.run(Cluster.query(sql)).stdoutText().strip().equals("t")) {
                    return new HostResult(steps.host(), HostResult.Outcome.OK, "sent to Barman up to " + lsn, List.of(),
                            steps.logFile());
                }
                Thread.sleep(200);
            }
            throw new IOException("Barman did not receive the WAL up to " + lsn + " within " + timeout.toSeconds()
                    + " s: see push backup status");
        };
    }

    /**
     * A fresh scratch cluster (a stopped one of push's own from a drill that was stopped is dropped first), its data
     * directory emptied for Barman, barman let in as postgres from the backup host only.
     */
    public static Rollout.HostJob<HostResult> prepareScratch(String version, String barmanKey, String backupAddress) {
        return steps -> {
            String conf = "/etc/postgresql/" + version + "/" + CLUSTER;
            String data = dataDir(version);
            steps.progress("a scratch cluster " + version + "/" + CLUSTER + " on port " + PORT);
            steps.check(RootScript.DROP_MARKED_CLUSTER.argv(conf, version, CLUSTER, MARKER),
                    "dropping the scratch cluster of an earlier drill");
            steps.check(List.of("pg_createcluster", "--start-conf", "manual", "-p", Integer.toString(PORT), version,
                    CLUSTER), "pg_createcluster " + version + " " + CLUSTER);
            steps.upload(("push backup drill's scratch cluster, made " + Instant.now() + "; dropped at the drill's"
                    + " end\n").getBytes(StandardCharsets.UTF_8), conf + "/" + MARKER, "0644");
            steps.check(RootScript.NEW_DATA_DIRECTORY.argv(data), "emptying " + data);
            RestoreJobs.authorize(steps, barmanKey, backupAddress);
            return new HostResult(steps.host(), HostResult.Outcome.CHANGED, "scratch cluster " + CLUSTER + " ready",
                    List.of(), steps.logFile());
        };
    }

    /**
     * barman let out again, the scratch cluster started and waited for until recovery ended, every table counted, and
     * the cluster dropped, whatever the counts said.
     *
     * @return table to count in the restored copy
     */
    public static Rollout.HostJob<Map<String, String>> countScratchAndDrop(String version, String database,
                                                                          Duration timeout) {
        return steps -> {
            RestoreJobs.unauthorize(steps);
            try {
                steps.progress("starting the scratch cluster; waiting for the end of recovery");
                steps.check(List.of("pg_ctlcluster", version, CLUSTER, "start"), "starting the scratch cluster");
                awaitPrimary(steps, timeout);
                String sql = String.join("\n",
                        "SELECT format('SELECT %L, count(*) FROM %I.%I', schemaname || '.' || tablename, schemaname,"
                                + " tablename) FROM pg_tables WHERE " + USER_TABLES + " ORDER BY 1",
                        "\\gexec", "");
                CommandResult result = steps.run(psql(database, PORT), sql.getBytes(StandardCharsets.UTF_8));
                if (result.exitStatus() != 0) {
                    throw new IOException("counting in the restored copy failed: " + result.stderrText().strip());
                }
                return counts(result.stdoutText());
            } finally {
                steps.run(List.of("pg_dropcluster", "--stop", version, CLUSTER));
            }
        };
    }

    /** Records the drill's end on the backup host, for the NRPE check of its age. */
    public static Rollout.HostJob<HostResult> record(boolean passed, String summary) {
        return steps -> {
            steps.upload((Instant.now().getEpochSecond() + " " + (passed ? "passed" : "FAILED") + " " + summary + "\n")
                    .getBytes(StandardCharsets.UTF_8), LAST_DRILL, "0644");
            return new HostResult(steps.host(), HostResult.Outcome.CHANGED, "recorded in " + LAST_DRILL, List.of(),
                    steps.logFile());
        };
    }

    static String dataDir(String version) {
        return "/var/lib/postgresql/" + version + "/" + CLUSTER;
    }

    private static final String USER_TABLES = "schemaname NOT IN ('pg_catalog', 'information_schema')";

    private static List<String> psql(String database, int port) {
        return List.of("runuser", "-u", "postgres", "--", "psql", "-XAtq", "-F", "|", "-v", "ON_ERROR_STOP=1", "-p",
                Integer.toString(port), "-d", database);
    }

    /** {@code NAME|COUNT} lines; the restore point's line has an empty name. */
    static Map<String, String> counts(String lines) {
        Map<String, String> counts = new LinkedHashMap<>();
        for (String line : lines.lines().filter(l -> l.contains("|")).toList()) {
            int bar = line.lastIndexOf('|');
            counts.put(line.substring(0, bar), line.substring(bar + 1).strip());
        }
        return counts;
    }

    private static void awaitPrimary(HostSteps steps, Duration timeout)
            throws IOException, SshException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        List<String> ask = List.of("runuser", "-u", "postgres", "--", "psql", "-XAtq", "-p", Integer.toString(PORT),
                "-d", "postgres", "-c", "SELECT pg_is_in_recovery()");
        while (Instant.now().isBefore(deadline)) {
            if (steps.run(ask).stdoutText().strip().equals("f")) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IOException("the scratch cluster did not finish recovery within " + timeout.toSeconds() + " s");
    }
}
