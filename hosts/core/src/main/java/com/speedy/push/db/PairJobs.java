package com.speedy.push.db;

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
import java.util.List;
import java.util.Optional;

/** The database pair's steps in a switchover or failover, each on one host. */
public final class PairJobs {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration STREAMING_WAIT = Duration.ofSeconds(60);
    private static final Duration CHECKPOINT_WAIT = Duration.ofSeconds(60);
    /** Where a failed rejoin's message names the command to run next. */
    private static final String NEXT = "next: ";

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
            return stopFenced(steps, cluster);
        };
    }

    /**
     * A fenced primary that stopped without a shutdown checkpoint (killed while a switchover fenced it): started again,
     * still fenced, so that it recovers from its crash, then stopped as {@link #fenceAndStop} does, which gives the
     * shutdown checkpoint that a promotion waits for. It is stopped only once {@code standby} streams from it again,
     * so that the standby receives everything up to that checkpoint (a standby retries its connection every few
     * seconds, and one that missed the short run could never replay past it). The standby is not promoted meanwhile,
     * so there is one primary throughout, and what it takes (nothing: the apps read from the standby meanwhile) is in the WAL that
     * the promotion waits for.
     */
    public static Rollout.HostJob<HostResult> recoverAndStop(String standby) {
        return steps -> {
            Cluster cluster = Cluster.of(steps);
            steps.progress("crash recovery: starting it fenced (start.conf manual); a fast stop once " + standby
                    + " streams from it");
            cluster.setStart(steps, "manual");
            CommandResult started = steps.run(List.of("systemctl", "start", cluster.unit()));
            DbNode up = DbNode.inspect(steps);
            if (!started.succeeded() || !up.runningPrimary()) {
                steps.run(List.of("systemctl", "stop", cluster.unit()));
                throw new IOException("it did not start again as the primary it was (" + up.describe() + "; "
                        + lastLine(started.stderrText().strip()) + "; see journalctl -u " + cluster.unit() + ")");
            }
            try {
                up = untilStreaming(steps, standby);
            } catch (IOException | SshException | InterruptedException e) {
                steps.run(List.of("systemctl", "stop", cluster.unit()));
                throw e;
            }
            HostResult stopped = stopFenced(steps, cluster);
            if (!up.streamsTo(standby)) {
                throw new IOException(standby + " did not stream from it within " + STREAMING_WAIT.toSeconds()
                        + " s (" + up.describe() + "), so it may lack WAL up to the shutdown checkpoint "
                        + stopped.detail() + "; stopped cleanly and fenced again");
            }
            return stopped;
        };
    }

    private static HostResult stopFenced(HostSteps steps, Cluster cluster)
            throws IOException, SshException, InterruptedException {
        cluster.setStart(steps, "manual");
        steps.check(List.of("systemctl", "stop", cluster.unit()), "stopping " + cluster.unit());
        DbNode stopped = DbNode.inspect(steps);
        if (stopped.running() || !stopped.cleanlyStopped() || stopped.lsn().isEmpty()) {
            throw new IOException("the cluster did not shut down cleanly: " + stopped.describe());
        }
        return new HostResult(steps.host(), HostResult.Outcome.CHANGED, stopped.lsn().get().toString(), List.of(),
                steps.logFile());
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

    /**
     * Promotes the standby and waits until it takes writes; creates the slot the old primary will stream from. Then a
     * checkpoint on the new timeline (see {@link #checkpoint}), so that a rewind against it right after reads the
     * timeline it is on.
     */
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
            int timeline = checkpointOnCurrentTimeline(steps, CHECKPOINT_WAIT);
            return new HostResult(steps.host(), HostResult.Outcome.CHANGED, "primary at " + now.lsn().orElseThrow()
                    + ", checkpointed on timeline " + timeline, List.of(), steps.logFile());
        };
    }

    /**
     * On the primary: a {@code CHECKPOINT}, repeated until the control file's checkpoint is on the timeline its WAL is
     * written on. pg_rewind learns the source's timeline from its control file, which a promotion updates only at the
     * next checkpoint: before it, a rewind reads the old timeline, and the cluster it rewinds refuses to start
     * ("requested timeline N does not contain minimum recovery point"). Run before every rewind, so that a promotion
     * made elsewhere (by hand, or a failover that stopped half-way) is covered too. Fails on a standby.
     */
    public static Rollout.HostJob<HostResult> checkpoint() {
        return steps -> {
            steps.progress("CHECKPOINT, until pg_control is on the WAL's timeline");
            int timeline = checkpointOnCurrentTimeline(steps, CHECKPOINT_WAIT);
            return new HostResult(steps.host(), HostResult.Outcome.OK, "checkpointed on timeline " + timeline,
                    List.of(), steps.logFile());
        };
    }

    private static int checkpointOnCurrentTimeline(HostSteps steps, Duration timeout)
            throws IOException, SshException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        String last;
        do {
            steps.check(Cluster.query("CHECKPOINT"), "CHECKPOINT");
            CommandResult answer = steps.check(Cluster.query("SELECT (SELECT timeline_id FROM pg_control_checkpoint()),"
                    + " ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int"),
                    "reading the checkpoint's and the WAL's timelines");
            String[] f = answer.stdoutText().strip().split("\\|");
            if (f.length == 2 && !f[0].isEmpty() && f[0].equals(f[1])) {
                return Integer.parseInt(f[0]);
            }
            last = answer.stdoutText().strip();
            Thread.sleep(POLL.toMillis() * 5);
        } while (Instant.now().isBefore(deadline));
        throw new IOException("no checkpoint on the current timeline within " + timeout.toSeconds() + " s (checkpoint"
                + " timeline|WAL timeline: " + last + ")");
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
     * Makes a former primary a standby of {@code primary}: fenced (start.conf manual) and stopped first (it must not be
     * a running primary), its WAL rewound to where the primary's timeline forked ({@code pg_rewind}, which says "no
     * rewind required" after a clean switchover), standby.signal and the connection written ({@code -R}), its slot
     * named, then started; the fence comes off only once it runs as a standby. Run {@link #checkpoint} on the primary
     * first. A finished rewind is marked beside the data directory ({@link #rewoundMarker}) until the standby runs, so
     * that a rejoin whose start failed (its postmaster killed, say) is finished by running it again, without rewinding
     * twice (pg_rewind cannot take a rewound standby that did not shut down cleanly); a mark beside a cluster that did
     * shut down cleanly is stale and removed, since pg_rewind can run again. A host with an unfinished copy of
     * {@code push db replica} is refused. Whatever fails leaves it fenced and stopped, and the message ends with the
     * command to run next (see {@link #nextCommand}): the same rejoin when nothing was rewritten or the rewind
     * finished, {@code push db replica --discard-data} when the rewind left its data directory unusable (stopped
     * half-way, or rewound from a primary that is no longer the primary).
     *
     * @param primary the current primary's inventory name, for the advice
     */
    public static Rollout.HostJob<HostResult> rejoin(String primary, String primaryAddress) {
        return steps -> {
            Cluster cluster = Cluster.of(steps);
            String name = steps.host().name().toString();
            String retry = NEXT + "push db rejoin " + name;
            String rebuild = NEXT + "push db replica " + name + " --from " + primary + " --discard-data";
            DbNode before = DbNode.inspect(steps);
            if (before.runningPrimary()) {
                throw new IOException("it runs as a primary: it is not rewound (switch over to it, or stop it first)");
            }
            String clone = ReplicaJobs.cloneMarker(cluster.dataDir());
            if (steps.run(List.of("test", "-e", clone)).exitStatus() == 0) {
                throw new IOException("its data directory is an unfinished copy of push db replica (" + clone + "):"
                        + " nothing was changed; " + NEXT + "push db replica " + name + " --from " + primary);
            }
            String marker = rewoundMarker(cluster.dataDir());
            String rewoundFrom = "rewound from " + primaryAddress;
            String earlier = steps.check(RootScript.CAT_IF_EXISTS.argv(marker),
                    "reading " + marker).stdoutText().strip();
            // Only a rewound standby that never shut down cleanly needs its mark: pg_rewind takes any clean one again.
            boolean unclean = before.standby() && !before.running() && !before.cleanlyStopped();
            boolean alreadyRewound = unclean && earlier.equals(rewoundFrom);
            String fenced = name + " is left fenced (start.conf manual) and stopped";
            if (unclean && !earlier.isEmpty() && !alreadyRewound) {
                throw new IOException("an earlier rejoin left it " + earlier + " (" + marker + "), and the primary is "
                        + primaryAddress + " now: a rewound standby that did not start cannot be rewound again; "
                        + "nothing was changed; " + rebuild);
            }
            cluster.setStart(steps, "manual");
            if (before.running()) {
                steps.check(List.of("systemctl", "stop", cluster.unit()), "stopping " + cluster.unit());
            }
            if (alreadyRewound) {
                steps.progress("rewound from " + primaryAddress + " by an earlier rejoin (" + marker + "); starting"
                        + " as its standby");
            } else {
                steps.check(List.of("rm", "-f", marker), "removing " + marker);
                rewind(steps, cluster, name, primaryAddress, fenced, retry, rebuild);
                steps.upload((rewoundFrom + "\n").getBytes(StandardCharsets.UTF_8), marker, "0644");
            }
            // The slots it kept from its time as the primary (its standby's, Barman's): on a standby nothing reads
            // them, but each still holds WAL back from removal, until the disk is full. pg_rewind leaves them; the
            // cluster is stopped here, so their folders go. A promotion makes the ones it needs anew.
            steps.check(List.of("find", cluster.dataDir() + "/pg_replslot", "-mindepth", "1", "-maxdepth", "1",
                    "-exec", "rm", "-rf", "--", "{}", "+"), "removing the replication slots it had as a primary");
            String autoConf = cluster.dataDir() + "/postgresql.auto.conf";
            steps.check(RootScript.SET_SLOT_NAME.argv(autoConf, ReplicaJobs.slot(name)),
                    "naming the slot in " + autoConf);
            CommandResult started = steps.run(List.of("systemctl", "start", cluster.unit()));
            DbNode now = DbNode.inspect(steps);
            if (!started.succeeded() || !now.runningStandby()) {
                // Never left running as anything but a standby: a rewound cluster that came up writable is a second
                // primary.
                steps.run(List.of("systemctl", "stop", cluster.unit()));
                throw new IOException("rewound, but it did not start as a standby (" + now.describe() + "; "
                        + lastLine(started.stderrText().strip()) + "; see journalctl -u " + cluster.unit() + "); "
                        + fenced + (alreadyRewound ? ", and starting it again did not help; " + rebuild
                        : ", its rewind kept (" + marker + "); " + retry));
            }
            cluster.setStart(steps, "auto");
            steps.check(List.of("rm", "-f", marker), "removing " + marker);
            return new HostResult(steps.host(), HostResult.Outcome.CHANGED, "standby of " + primaryAddress, List.of(),
                    steps.logFile());
        };
    }

    /** Where a finished rewind is marked until its standby runs: beside the data directory, never in it. */
    static String rewoundMarker(String dataDir) {
        return dataDir + ".push-rejoin-rewound";
    }

    /** pg_rewind from the primary ({@code -R}: standby.signal and the connection written), failing with the advice. */
    private static void rewind(HostSteps steps, Cluster cluster, String name, String primaryAddress, String fenced,
                               String retry, String rebuild) throws IOException, SshException, InterruptedException {
        steps.progress("pg_rewind from " + primaryAddress + ", then start as its standby");
        CommandResult rewind = steps.run(List.of("runuser", "-u", "postgres", "--", cluster.binary("pg_rewind"),
                "-R",
                // Debian keeps the configuration outside the data folder; a crashed target is recovered first.
                "--config-file=" + cluster.confDir() + "/postgresql.conf", "--target-pgdata=" + cluster.dataDir(),
                "--source-server=host=" + primaryAddress + " port=5432"
                        + " user=" + ReplicaJobs.ROLE + " dbname=postgres application_name=" + name
                        + " passfile=" + ReplicaJobs.PASSFILE));
        if (!rewind.succeeded()) {
            String output = rewind.stderrText().strip();
            // pg_rewind writes into the data directory only after it says where it rewinds from.
            boolean rewritten = output.contains("rewinding from last common checkpoint");
            throw new IOException("pg_rewind from " + primaryAddress + " failed (exit " + rewind.exitStatus()
                    + "): " + lastLine(output) + "; " + fenced + (rewritten ? ", its data directory half rewound"
                    + " and unusable; " + rebuild : ", its data directory untouched; fix the cause, then " + retry));
        }
    }

    /** The command a failed {@link #rejoin} says to run next, from its result's detail. */
    public static Optional<String> nextCommand(HostResult failed) {
        int at = failed.detail().lastIndexOf(NEXT);
        return at < 0 ? Optional.empty() : Optional.of(failed.detail().substring(at + NEXT.length()).strip());
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "no message" : lines.get(lines.size() - 1).strip();
    }

    /** On the primary: waits until {@code standby} streams from it. */
    public static Rollout.HostJob<HostResult> awaitStreaming(String standby) {
        return steps -> {
            DbNode primary = untilStreaming(steps, standby);
            if (!primary.streamsTo(standby)) {
                throw new IOException(standby + " is not streaming after " + STREAMING_WAIT.toSeconds() + " s: "
                        + primary.describe());
            }
            return new HostResult(steps.host(), HostResult.Outcome.OK, standby + " streams from it", List.of(),
                    steps.logFile());
        };
    }

    /** This primary, asked until {@code standby} streams from it or {@link #STREAMING_WAIT} is over. */
    private static DbNode untilStreaming(HostSteps steps, String standby)
            throws IOException, SshException, InterruptedException {
        Instant deadline = Instant.now().plus(STREAMING_WAIT);
        DbNode primary = DbNode.inspect(steps);
        while (!primary.streamsTo(standby) && Instant.now().isBefore(deadline)) {
            Thread.sleep(POLL.toMillis() * 2);
            primary = DbNode.inspect(steps);
        }
        return primary;
    }
}
