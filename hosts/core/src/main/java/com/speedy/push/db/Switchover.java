package com.speedy.push.db;

import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.Rollout;
import java.util.List;
import java.util.Optional;

/**
 * {@code push db switchover --to HOST}: the planned move of the primary, both hosts healthy, no write lost. It reads
 * the pair's state first and carries on from there, so that running the same command again resumes a switchover that
 * stopped half-way, and a switchover to the old primary undoes one that stopped before the promotion.
 */
public final class Switchover {
    private final PairChange pair;
    private final Rollout rollout;
    private final PairChange.Console console;
    private final long maxLagBytes;

    public Switchover(PairChange pair, Rollout rollout, PairChange.Console console, long maxLagBytes) {
        this.pair = pair;
        this.rollout = rollout;
        this.console = console;
        this.maxLagBytes = maxLagBytes;
    }

    public void run() throws InterruptedException, PairChange.StepFailed {
        String to = pair.target().name().toString();
        String from = pair.other().name().toString();
        String retry = "push db switchover --to " + to;
        String undo = "push db switchover --to " + from;
        List<DbNode> nodes = pair.check(rollout, console);
        DbNode target = nodes.get(0);
        DbNode other = nodes.get(1);
        if (!target.reachable() || !other.reachable()) {
            throw PairChange.refused("a switchover needs both hosts; " + (target.reachable() ? other : target)
                    .describe(), List.of("push db failover --to " + to + "   (when " + from + " is lost)"));
        }
        if (target.runningPrimary() && other.runningPrimary()) {
            throw PairChange.refused("both are running primaries: fence one by hand before anything else",
                    List.of("push db status"));
        }
        if (target.runningPrimary()) {
            console.note(to + " is the primary already: finishing what a switchover to it leaves to do");
            finish(from, retry);
            return;
        }
        if (target.runningStandby() && other.fencedPrimary()) {
            boolean crashed = !other.cleanlyStopped();
            console.note(from + " is fenced and stopped" + (crashed ? ", but not cleanly (killed while it was fenced,"
                    + " say): it is started, still fenced, to recover, and stopped cleanly" : "")
                    + "; resuming at the replay check");
            pair.checkAppLogin(rollout, console, List.of(retry + "   (once the app can log in to " + to + ")",
                    undo + "   (to bring " + from + " back)"));
            readFromTarget(retry, undo);
            DbNode stopped = other;
            if (crashed) {
                console.step("recovering " + from + " (started fenced, then a fast shutdown)");
                pair.on(rollout, List.of(pair.other()), PairJobs.recoverAndStop(to), from + " is fenced, running or"
                        + " stopped; " + to + " is still a standby; nothing was promoted", List.of(retry
                        + "   (to go on)", undo + "   (to bring " + from + " back)"));
                stopped = pair.inspect(rollout).get(1);
            }
            promote(stopped, retry, undo);
            return;
        }
        // Crashed or not: a primary that was never demoted, and nothing promoted, so starting it is a restart.
        if (target.fencedPrimary() && other.runningStandby()) {
            console.step("undoing: " + to + " back as the primary (" + from + " was never promoted)");
            pair.on(rollout, List.of(pair.target()), PairJobs.unfenceAndStart(), to + " fenced and stopped, " + from
                    + " a standby", List.of("push db status", "journalctl -u postgresql@* on " + to));
            finish(null, retry);
            return;
        }
        if (!target.runningStandby() || !other.runningPrimary()) {
            throw PairChange.refused("a switchover goes from a running primary to its streaming standby; here: "
                    + target.describe() + "; " + other.describe(), List.of("push db status"));
        }
        precheck(target, other);
        pair.checkAppLogin(rollout, console, List.of(retry + "   (once the app can log in to " + to + ")"));
        console.step("speedy-notifier and speedy-jobs' timers stopped on " + pair.serviceHosts().size()
                + " service host(s)");
        pair.on(rollout, pair.serviceHosts(), AppHostJobs.stopBackground(), "the database is as it was; background"
                + " units stopped on some service hosts", List.of(retry + "   (to go on)", undo
                + "   (to restart the units)"));
        readFromTarget(retry, undo);
        console.step("fencing " + from + " (start.conf manual) and stopping it (fast shutdown)");
        pair.on(rollout, List.of(pair.other()), PairJobs.fenceAndStop(), from + " may be fenced and stopped; " + to
                + " is still a standby; nothing was promoted", List.of(retry + "   (to go on)",
                undo + "   (to bring " + from + " back)"));
        promote(pair.inspect(rollout).get(1), retry, undo);
    }

    /**
     * On the service hosts, {@code db} to the standby before the primary stops: speedy-app reads from it and holds
     * its writes (refused there as read-only, before they commit) until the promotion, so its clients see latency,
     * not errors. The other hosts follow at the cut-over.
     */
    private void readFromTarget(String retry, String undo) throws InterruptedException, PairChange.StepFailed {
        String to = pair.target().name().toString();
        console.step("moving db to " + to + " (" + pair.target().address() + ") on " + pair.serviceHosts().size()
                + " service host(s): speedy-app reads from it, and holds its writes until it is promoted");
        pair.on(rollout, pair.serviceHosts(), AppHostJobs.readFrom(pair.target().address(), pair.timeout()),
                pair.other().name() + " is the primary, " + to + " its standby; db names " + to + " on some service"
                        + " hosts, whose writes wait", List.of(retry + "   (to go on)", undo + "   (to move db back)"));
    }

    private void precheck(DbNode target, DbNode other) throws PairChange.StepFailed {
        String to = target.host().name().toString();
        if (!other.streamsTo(to)) {
            throw PairChange.refused(to + " is not streaming from " + other.host().name() + " ("
                    + (other.streams().isEmpty() ? "no standby streams" : String.join(", ", other.streams()))
                    + ")", List.of("push db status", "journalctl -u postgresql@* on " + to));
        }
        long lag = other.lsn().orElseThrow().bytesAfter(other.replayedBy(to).orElseThrow());
        console.note(to + " replays " + lag + " byte(s) behind " + other.host().name());
        if (lag > maxLagBytes) {
            throw PairChange.refused(to + " replays " + lag + " bytes behind, more than --max-lag " + maxLagBytes,
                    List.of("push db status   (and try again when it has caught up)"));
        }
        List<String> differ = DbNode.differences(other, target);
        if (!differ.isEmpty()) {
            throw PairChange.refused("the pair's settings differ, so " + to + " would not serve as "
                    + other.host().name() + " does: " + String.join("; ", differ), List.of("make them match, then "
                    + "push db switchover --to " + to));
        }
    }

    /** From a fenced, cleanly stopped old primary: replay confirmed, promotion, then {@link #finish}. */
    private void promote(DbNode other, String retry, String undo) throws InterruptedException, PairChange.StepFailed {
        String to = pair.target().name().toString();
        String from = pair.other().name().toString();
        if (!other.fencedPrimary() || !other.cleanlyStopped() || other.lsn().isEmpty()) {
            throw PairChange.refused("a promotion waits for the old primary's shutdown checkpoint, and " + from
                    + " is not fenced and cleanly stopped with one: " + other.describe(), List.of(retry, undo
                    + "   (to bring " + from + " back)"));
        }
        Lsn checkpoint = other.lsn().orElseThrow();
        console.step("confirming " + to + " replayed " + from + "'s shutdown checkpoint " + checkpoint);
        pair.on(rollout, List.of(pair.target()), PairJobs.awaitReplayPast(checkpoint, pair.timeout()), from
                + " is fenced and stopped; " + to + " is a standby that has not replayed all of " + from + "'s WAL;"
                + " nothing was promoted", List.of(retry + "   (to wait again)", undo + "   (to bring " + from
                + " back)"));
        console.step("promoting " + to);
        pair.on(rollout, List.of(pair.target()), PairJobs.promote(from), from + " is fenced and stopped; " + to
                + " may have been promoted", List.of("push db status", retry + "   (to go on)"));
        finish(from, retry);
    }

    /** With the target the primary: db moved and the app checked everywhere, then the old primary re-attached. */
    private void finish(String oldPrimary, String retry) throws InterruptedException, PairChange.StepFailed {
        String to = pair.target().name().toString();
        pair.cutOver(rollout, console, pair.everyHost(), to + " is the primary; db moved on the hosts not listed as failed", List.of(retry + "   (to go on)"));
        if (oldPrimary == null) {
            return;
        }
        DbNode old = pair.inspect(rollout).get(1);
        if (old.runningStandby()) {
            console.note(oldPrimary + " is a standby already");
            return;
        }
        String rejoin = "push db rejoin " + oldPrimary;
        console.step("checkpoint on " + to + " (so that pg_rewind reads its timeline)");
        pair.on(rollout, List.of(pair.target()), PairJobs.checkpoint(), to + " is the primary and serves the app; "
                + oldPrimary + " is not yet its standby and was not touched", List.of(rejoin));
        console.step("re-attaching " + oldPrimary + " as a standby of " + to);
        try {
            pair.on(rollout, List.of(pair.other()), PairJobs.rejoin(to, pair.target().address()), to + " is the"
                    + " primary and serves the app; " + oldPrimary + " is not yet its standby", List.of(rejoin));
        } catch (PairChange.StepFailed failed) {
            String next = failed.results().stream().map(PairJobs::nextCommand).flatMap(Optional::stream)
                    .findFirst().orElse(rejoin);
            throw new PairChange.StepFailed(failed.getMessage(), failed.results(), to + " is the primary and serves"
                    + " the app; " + oldPrimary + " is fenced (start.conf manual) and stopped, not its standby",
                    List.of(next));
        }
        List<HostResult> streaming = pair.on(rollout, List.of(pair.target()), PairJobs.awaitStreaming(oldPrimary), to
                + " is the primary; " + oldPrimary + " was started as its standby but does not stream", List.of(
                "push db status", "journalctl -u postgresql@* on " + oldPrimary));
        console.note(streaming.get(0).detail());
        console.step("db-ro to " + oldPrimary + " on every host: the services' read-only queries go to the standby");
        pair.on(rollout, pair.everyHost(), DbAliasJobs.set(pair.target().address(), pair.other().address()), to
                + " is the primary and serves the app, " + oldPrimary + " its streaming standby; db-ro was not moved"
                + " on the hosts listed as failed", List.of("push db alias set " + to + " --read-only " + oldPrimary));
    }
}
