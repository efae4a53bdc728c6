package com.speedy.push.db;

import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.inventory.SelectionException;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.rollout.RolloutOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a switchover and a failover share: the hosts involved, numbered steps printed as they start, each run on its
 * hosts in parallel, and a stop at the first step that fails, with the state it leaves and what to run next.
 *
 * @param target the standby to become the primary
 * @param other the other database host: the primary now, or the one that was
 * @param everyHost every host of the inventory (each one's {@code db} moves)
 * @param serviceHosts the hosts that run speedy-app, speedy-notifier or speedy-jobs
 * @param appHosts the hosts that run speedy-app: each must log in to the new primary
 */
public record PairChange(Host target, Host other, List<Host> everyHost, List<Host> serviceHosts, List<Host> appHosts,
                         Duration timeout) {
    /** What a switchover or failover reports as it goes. */
    public interface Console {
        /** A step starts. */
        void step(String what);

        /** A line of information: a decision, a measurement. */
        void note(String what);
    }

    /** A step failed: the cluster's state and the commands that resume or undo. */
    public static final class StepFailed extends Exception {
        private final List<HostResult> results;
        private final String state;
        private final List<String> next;

        StepFailed(String message, List<HostResult> results, String state, List<String> next) {
            super(message);
            this.results = List.copyOf(results);
            this.state = state;
            this.next = List.copyOf(next);
        }

        public List<HostResult> results() {
            return results;
        }

        /** The state the hosts are left in, in words. */
        public String state() {
            return state;
        }

        /** What to run next: resume, or undo. */
        public List<String> next() {
            return next;
        }
    }

    /** The packages whose hosts take part: background units, the app's reads from the standby, the check it writes. */
    public static final Set<String> SERVICES = Set.of("speedy-app", "speedy-notifier", "speedy-jobs");
    /** The package whose hosts must log in to the new primary before it is promoted. */
    public static final String APP = "speedy-app";

    public PairChange {
        everyHost = List.copyOf(everyHost);
        serviceHosts = List.copyOf(serviceHosts);
        appHosts = List.copyOf(appHosts);
    }

    /**
     * The pair of the inventory's db group with the target named: the group must be exactly two hosts, the target one
     * of them. {@code targetLabel} is what the messages call the target (the CLI's {@code --to}).
     */
    public static PairChange of(Inventory inventory, String targetName, String targetLabel, Duration timeout)
            throws SelectionException, InvalidPairException {
        List<Host> dbHosts = DbGroup.members(inventory);
        Host target = inventory.namedHost(targetName, targetLabel);
        if (!dbHosts.contains(target)) {
            throw new InvalidPairException(targetLabel + " " + targetName + " is not in the group " + DbGroup.NAME
                    + " of " + inventory.file());
        }
        if (dbHosts.size() != 2) {
            throw new InvalidPairException("the group " + DbGroup.NAME + " of " + inventory.file() + " has "
                    + dbHosts.size() + " host(s): a switchover or failover is between a pair");
        }
        Host other = dbHosts.get(0).equals(target) ? dbHosts.get(1) : dbHosts.get(0);
        return new PairChange(target, other, inventory.hosts(), inventory.hostsRunning(SERVICES),
                inventory.hostsRunning(Set.of(APP)), timeout);
    }


    /** The first step of both: the two hosts' states, printed, target first. */
    List<DbNode> check(Rollout rollout, Console console) throws InterruptedException {
        console.step("checking " + target.name() + " and " + other.name());
        List<DbNode> nodes = inspect(rollout);
        nodes.forEach(n -> console.note(n.describe()));
        return nodes;
    }

    /** The two database hosts' states, target first. */
    List<DbNode> inspect(Rollout rollout) throws InterruptedException {
        return rollout.run(List.of(target, other), options(), DbNode.inspect(),
                (host, outcome, why, log) -> DbNode.unreachable(host, why), n -> false);
    }

    /** Runs a step on hosts in parallel; throws if it failed on any. */
    List<HostResult> on(Rollout rollout, List<Host> hosts, Rollout.HostJob<HostResult> job, String state,
                        List<String> next) throws InterruptedException, StepFailed {
        List<HostResult> results = rollout.run(hosts, options(), job);
        List<String> failed = new ArrayList<>();
        for (HostResult r : results) {
            if (r.outcome().isFailure() || r.outcome() == HostResult.Outcome.SKIPPED) {
                failed.add(r.host().name() + ": " + r.detail());
            }
        }
        if (!failed.isEmpty()) {
            throw new StepFailed(String.join("; ", failed), results, state, next);
        }
        return results;
    }

    /**
     * Before the first change: speedy-app logs in to the target from every app host, with its own credentials (see
     * {@link AppHostJobs#checkLogin}). A host where it cannot, or that does not answer, refuses the change.
     */
    void checkAppLogin(Rollout rollout, Console console, List<String> next) throws InterruptedException, StepFailed {
        console.step("checking that speedy-app logs in to " + target.name() + " (" + target.address() + ") from "
                + appHosts.size() + " app host(s)");
        List<HostResult> results = rollout.run(appHosts, options(), AppHostJobs.checkLogin(target.address()));
        List<String> failed = new ArrayList<>();
        for (HostResult r : results) {
            if (r.outcome() != HostResult.Outcome.OK) {
                failed.add(r.host().name() + ": " + r.detail());
            }
        }
        if (!failed.isEmpty()) {
            throw new StepFailed("speedy-app cannot log in to " + target.name() + " (" + target.address() + ") from "
                    + String.join("; from ", failed) + ". Let it in (pg_hba.conf on " + target.name() + ", the app's"
                    + " password), then run the command again", results, "nothing was changed", next);
        }
    }

    /** Every host but those given: the ones a failover cannot reach. */
    List<Host> hostsBut(List<Host> unreachable) {
        return everyHost.stream().filter(h -> !unreachable.contains(h)).toList();
    }

    /** On {@code hosts}: {@code db} moves everywhere, the app is checked where it runs. */
    List<HostResult> cutOver(Rollout rollout, Console console, List<Host> hosts, String state, List<String> next)
            throws InterruptedException, StepFailed {
        console.step("moving db to " + target.name() + " (" + target.address() + ") on " + hosts.size()
                + " host(s); on the " + hosts.stream().filter(serviceHosts::contains).count()
                + " service host(s): waiting until speedy-app writes to it");
        List<HostResult> moved = on(rollout, hosts, steps -> AppHostJobs.cutOver(target.address(),
                serviceHosts.contains(steps.host()), timeout).run(steps), state, next);
        List<Host> services = hosts.stream().filter(serviceHosts::contains).toList();
        console.step("starting speedy-notifier and speedy-jobs' timers (those enabled) on " + services.size()
                + " service host(s)");
        on(rollout, services, AppHostJobs.startBackground(), target.name() + " is the primary and db points at it;"
                + " the app writes to it; speedy-notifier or speedy-jobs' timers may be stopped on the hosts listed"
                + " as failed", next);
        return moved;
    }

    static RolloutOptions options() {
        return new RolloutOptions(RolloutOptions.DEFAULT_PARALLEL, 0, Integer.MAX_VALUE, false);
    }

    static StepFailed refused(String why, List<String> next) {
        return new StepFailed(why, List.of(), "nothing was changed", next);
    }
}
