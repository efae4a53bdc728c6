package com.speedy.push.db;

import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.HostSteps;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.ssh.CommandResult;
import com.speedy.push.ssh.SshException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The database pair's steps in a switchover or failover, each on one host. */
public final class PairJobs {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration STREAMING_WAIT = Duration.ofSeconds(60);

    private PairJobs() {}

    /**
     * Fences the primary (start.conf manual, so that nothing starts it again, not even a reboot), stops it with a fast
     * shutdown (sessions disconnected, a shutdown checkpoint written and sent to the standbys) and reports that
     * checkpoint's position as the detail.
     */
    public static Rollout.HostJob<HostResult> fenceAndStop() {
        return steps -> {
            Cluster cluster = Cluster.of(steps);
            steps.progress("fencing: start.conf manual; fast stop");
            cluster.setStart(steps, "manual");
            steps.check(List.of("systemctl", "stop", cluster.unit()), "stopping " + cluster.unit());
            DbNode stopped = DbNode.inspect(steps);
            if (stopped.running() || !stopped.cleanlyStopped() || stopped.lsn().isEmpty()) {
                throw new IOException("the cluster did not shut down cleanly: " + stopped.describe());
            }
            return new HostResult(steps.host(), HostResult.Outcome.CHANGED, stopped.lsn().get().toString(), List.of(),
                    steps.logFile());
        };
    }

    /** Fences a primary that is already down: start.conf manual, so that nothing starts it again. */
    public static Rollout.HostJob<HostResult> fence() {
        return steps -> {
            Cluster.of(steps).setStart(steps, "manual");
            return new HostResult(steps.host(), HostResult.Outcome.CHANGED, "fenced", List.of(), steps.logFile());
        };
    }

    /** Waits until the standby has replayed past {@code checkpoint} (the old primary's shutdown checkpoint). */
    public static Rollout.HostJob<HostResult> awaitReplayPast(Lsn checkpoint, Duration timeout) {
        return steps -> {
            steps.progress("waiting to replay past " + checkpoint);
            Instant deadline = Instant.now().plus(timeout);
            String replayed = "";
            while (Instant.now().isBefore(deadline)) {
                CommandResult answer = steps.run(Cluster.query("SELECT pg_last_wal_replay_lsn() > '" + checkpoint
                        + "'::pg_lsn, pg_last_wal_replay_lsn()"));
                String[] f = answer.stdoutText().strip().split("\\|");
                if (answer.exitStatus() == 0 && f.length == 2 && f[0].equals("t")) {
                    return new HostResult(steps.host(), HostResult.Outcome.OK, "replayed up to " + f[1], List.of(),
                            steps.logFile());
                }
                replayed = f.length == 2 ? f[1] : answer.stderrText().strip();
                Thread.sleep(POLL.toMillis());
            }
            throw new IOException("not replayed past " + checkpoint + " within " + timeout.toSeconds() + " s (at "
                    + replayed + ")");
        };
    }

    /** Promotes the standby and waits until it takes writes; creates the slot the old primary will stream from. */
    public static Rollout.HostJob<HostResult> promote(String oldPrimary) {
        return steps -> {
            steps.progress("pg_promote");
            CommandResult promoted = steps.run(Cluster.psql(), ("SELECT pg_promote(true, 60);\n"
                    + ReplicaJobs.createSlot(oldPrimary)).getBytes(StandardCharsets.UTF_8));
            DbNode now = DbNode.inspect(steps);
            if (!now.runningPrimary()) {
                throw new IOException("not promoted: " + promoted.stderrText().strip() + "; " + now.describe());
            }
            Cluster.of(steps).setStart(steps, "auto");
            return new HostResult(steps.host(), HostResult.Outcome.CHANGED, "primary at " + now.lsn().orElseThrow(),
                    List.of(), steps.logFile());
        };
    }

    /** Takes a fence off again and starts the cluster as the primary it was: the undo before a promotion. */
    public static Rollout.HostJob<HostResult> unfenceAndStart() {
        return steps -> {
            Cluster cluster = Cluster.of(steps);
            steps.progress("taking the fence off: start.conf auto; starting");
            cluster.setStart(steps, "auto");
            steps.check(List.of("systemctl", "start", cluster.unit()), "starting " + cluster.unit());
            DbNode now = DbNode.inspect(steps);
            if (!now.runningPrimary()) {
                throw new IOException("did not come back as the primary: " + now.describe());
            }
            return new HostResult(steps.host(), HostResult.Outcome.CHANGED, "primary again", List.of(),
                    steps.logFile());
        };
    }

    /**
     * Makes a former primary a standby of {@code primaryAddress}: stopped (it must not be a running primary), its WAL
     * rewound to where the new primary's timeline forked ({@code pg_rewind}, which says "no rewind required" after a
     * clean switchover), standby.signal and the connection written ({@code -R}), its slot named, then started.
     */
    public static Rollout.HostJob<HostResult> rejoin(String primaryAddress) {
        return steps -> {
            Cluster cluster = Cluster.of(steps);
            String name = steps.host().name().toString();
            DbNode before = DbNode.inspect(steps);
            if (before.runningPrimary()) {
                throw new IOException("it runs as a primary: it is not rewound (switch over to it, or stop it first)");
            }
            if (before.running()) {
                cluster.setStart(steps, "manual");
                steps.check(List.of("systemctl", "stop", cluster.unit()), "stopping " + cluster.unit());
            }
            steps.progress("pg_rewind from " + primaryAddress + ", then start as its standby");
            steps.check(List.of("runuser", "-u", "postgres", "--", cluster.binary("pg_rewind"), "-R",
                    // Debian keeps the configuration outside the data folder; a crashed target is recovered first.
                    "--config-file=" + cluster.confDir() + "/postgresql.conf", "--target-pgdata=" + cluster.dataDir(),
                    "--source-server=host=" + primaryAddress + " port=5432"
                            + " user=" + ReplicaJobs.ROLE + " dbname=postgres application_name=" + name
                            + " passfile=" + ReplicaJobs.PASSFILE), "pg_rewind");
            String autoConf = cluster.dataDir() + "/postgresql.auto.conf";
            steps.check(List.of("sh", "-c", "sed -i '/^primary_slot_name/d' \"$1\" && echo \"primary_slot_name = '$2'\""
                    + " >> \"$1\"", "sh", autoConf, ReplicaJobs.slot(name)), "naming the slot in " + autoConf);
            cluster.setStart(steps, "auto");
            steps.check(List.of("systemctl", "start", cluster.unit()), "starting " + cluster.unit());
            DbNode now = DbNode.inspect(steps);
            if (!now.runningStandby()) {
                throw new IOException("did not start as a standby: " + now.describe());
            }
            return new HostResult(steps.host(), HostResult.Outcome.CHANGED, "standby of " + primaryAddress, List.of(),
                    steps.logFile());
        };
    }

    /** On the primary: waits until {@code standby} streams from it. */
    public static Rollout.HostJob<HostResult> awaitStreaming(String standby) {
        return steps -> {
            Instant deadline = Instant.now().plus(STREAMING_WAIT);
            DbNode primary = DbNode.inspect(steps);
            while (!primary.streamsTo(standby) && Instant.now().isBefore(deadline)) {
                Thread.sleep(POLL.toMillis() * 2);
                primary = DbNode.inspect(steps);
            }
            if (!primary.streamsTo(standby)) {
                throw new IOException(standby + " is not streaming after " + STREAMING_WAIT.toSeconds() + " s: "
                        + primary.describe());
            }
            return new HostResult(steps.host(), HostResult.Outcome.OK, standby + " streams from it", List.of(),
                    steps.logFile());
        };
    }
}
