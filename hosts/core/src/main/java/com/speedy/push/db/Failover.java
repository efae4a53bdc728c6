package com.speedy.push.db;

import com.speedy.push.inventory.Host;
import com.speedy.push.rollout.Rollout;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code push db failover --to HOST}: the primary is lost; its standby takes over. Never while the old primary runs as a
 * primary (two primaries lose writes silently). Without {@code --force} only when nothing can be lost: the old primary
 * is reachable, stopped cleanly, and the standby received all its WAL. The old primary is fenced where it can be
 * reached; where it cannot, the start guard that {@code push db replica} installed keeps it from starting as a primary
 * once it sees the standby on a later timeline.
 */
public final class Failover {
    private final PairChange pair;
    private final Rollout rollout;
    private final PairChange.Console console;
    private final boolean force;

    public Failover(PairChange pair, Rollout rollout, PairChange.Console console, boolean force) {
        this.pair = pair;
        this.rollout = rollout;
        this.console = console;
        this.force = force;
    }

    public void run() throws InterruptedException, PairChange.StepFailed {
        String to = pair.target().name().toString();
        String from = pair.other().name().toString();
        String retry = "push db failover --to " + to + (force ? " --force" : "");
        List<DbNode> nodes = pair.check(rollout, console);
        DbNode target = nodes.get(0);
        DbNode other = nodes.get(1);
        // The lost primary's own db cannot be moved; it runs nothing that writes once it is down.
        List<Host> hosts = pair.hostsBut(other.reachable() ? List.of() : List.of(pair.other()));
        if (target.runningPrimary() && !other.runningPrimary()) {
            console.note(to + " is the primary already: moving db and checking the app");
            pair.cutOver(rollout, console, hosts, to + " is the primary; db moved on the hosts not listed as failed",
                    List.of(retry));
            if (!other.runningStandby()) {
                rebuildAdvice(from, to);
            }
            return;
        }
        if (!target.runningStandby()) {
            throw PairChange.refused(to + " cannot be promoted: " + target.describe(), List.of("push db status"));
        }
        if (other.runningPrimary()) {
            throw PairChange.refused(from + " runs as the primary: a failover now would leave two primaries and"
                    + " lose writes; move the primary with a switchover instead", List.of("push db switchover --to "
                    + to));
        }
        if (other.running()) {
            throw PairChange.refused(from + " runs, but not as a primary: " + other.describe(),
                    List.of("push db status"));
        }
        List<String> risks = new ArrayList<>();
        if (!other.reachable()) {
            risks.add(from + " is unreachable: how much it wrote that " + to + " never received is unknown"
                    + target.received().map(r -> " (" + to + " received up to " + r + ")").orElse(""));
        } else if (!other.cleanlyStopped()) {
            risks.add(from + " crashed: its WAL after its last checkpoint " + other.lsn().map(Lsn::toString)
                    .orElse("?") + " may hold writes that " + to + " never received");
        } else {
            Lsn checkpoint = other.lsn().orElseThrow();
            Lsn received = target.received().orElse(target.lsn().orElseThrow());
            if (received.compareTo(checkpoint) > 0) {
                console.note(to + " received all of " + from + "'s WAL (up to " + received + ", past its shutdown"
                        + " checkpoint " + checkpoint + "): nothing is lost");
            } else {
                risks.add(to + " lags: it received up to " + received + ", " + from + " shut down at " + checkpoint
                        + ": at least " + checkpoint.bytesAfter(received) + " bytes of writes would be lost");
            }
        }
        risks.forEach(console::note);
        if (!risks.isEmpty() && !force) {
            throw PairChange.refused(String.join("; ", risks) + ". Add --force to promote " + to + " all the same",
                    List.of(retry + " --force"));
        }
        pair.checkAppLogin(rollout, console, List.of(retry + "   (once the app can log in to " + to + ")"));
        if (other.reachable() && !other.fenced()) {
            console.step("fencing " + from + " (start.conf manual)");
            pair.on(rollout, List.of(pair.other()), PairJobs.fence(), "nothing was promoted; " + from + " may be"
                    + " fenced", List.of(retry));
        }
        console.step("promoting " + to);
        pair.on(rollout, List.of(pair.target()), PairJobs.promote(from), to + " may have been promoted",
                List.of("push db status", retry));
        pair.cutOver(rollout, console, hosts, to + " is the primary; db moved on the hosts not listed as failed",
                List.of(retry));
        rebuildAdvice(from, to);
    }

    private void rebuildAdvice(String from, String to) {
        console.note(from + " is not a standby: it stays down (fenced, or stopped by its start guard while " + to
                + " is on a later timeline). To make it " + to + "'s standby, its db alias moved too: push db rejoin "
                + from + " (pg_rewind from " + to + "; when that fails it says whether to run it again or push db"
                + " replica " + from + " --from " + to + " --discard-data)");
    }
}
