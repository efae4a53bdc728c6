package com.speedy.push.db;

import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.Inventory;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.rollout.Rollout;
import com.speedy.push.rollout.RolloutOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code push db rejoin HOST}: makes a former primary a streaming standby of the db group's running primary. A
 * CHECKPOINT on the primary first, then HOST fenced, stopped, rewound, started as a standby and waited for until it
 * streams; then on every host db names the primary and db-ro HOST. A failure leaves HOST fenced and says what to run
 * next.
 */
public final class Rejoin {
    private static final RolloutOptions ALL = new RolloutOptions(RolloutOptions.DEFAULT_PARALLEL, 0,
            Integer.MAX_VALUE, false);

    private final Rollout inspect;
    private final Rollout hosts;
    private final DbConsole console;

    /**
     * @param inspect a rollout that only reads, without progress lines: asks the other db hosts which one is primary
     * @param hosts the rollout that changes hosts, with progress lines and the run's logs
     */
    public Rejoin(Rollout inspect, Rollout hosts, DbConsole console) {
        this.inspect = inspect;
        this.hosts = hosts;
        this.console = console;
    }

    /** True if HOST streams from the primary, and every host's db names the primary and db-ro HOST. */
    public boolean run(Inventory inventory, Host host) throws InterruptedException {
        List<Host> others = new ArrayList<>(DbGroup.members(inventory));
        others.remove(host);
        List<Host> primaries = inspect.run(others, ALL, DbNode.inspect(), (h, outcome, why, log) -> null, n -> false)
                .stream().filter(n -> n != null && n.runningPrimary()).map(DbNode::host).toList();
        String name = host.name().toString();
        if (primaries.size() != 1) {
            console.line("rejoin needs exactly one running primary among the other hosts of the group "
                    + DbGroup.NAME + "; found " + primaries.size() + ": see push db status");
            return false;
        }
        Host primary = primaries.get(0);
        List<HostResult> results = new ArrayList<>(hosts.run(List.of(primary), ALL, PairJobs.checkpoint()));
        if (results.get(0).outcome().isFailure()) {
            console.results(results);
            console.line(name + " was not touched; next: push db rejoin " + name + "   (once " + primary.name()
                    + " checkpoints)");
            return false;
        }
        results.addAll(hosts.run(List.of(host), ALL, PairJobs.rejoin(primary.name().toString(), primary.address())));
        if (!results.get(1).outcome().isFailure()) {
            results.addAll(hosts.run(List.of(primary), ALL, PairJobs.awaitStreaming(name)));
        }
        boolean streams = results.size() == 3 && !results.get(2).outcome().isFailure();
        boolean aliasesMoved = false;
        if (streams) {
            // On every host db names the primary (a failover that could not reach this host left its own alias on
            // itself) and db-ro the standby that now streams, for the services' read-only queries.
            List<HostResult> aliases = hosts.run(inventory.hosts(), ALL,
                    DbAliasJobs.set(primary.address(), host.address()));
            results.addAll(aliases);
            aliasesMoved = aliases.stream().noneMatch(r -> r.outcome().isFailure());
        }
        boolean succeeded = console.results(results);
        PairJobs.nextCommand(results.get(1)).ifPresent(next -> console.line("next: " + next));
        if (streams && !aliasesMoved) {
            console.line("next: push db alias set " + primary.name() + " --read-only " + name + "   (" + name
                    + " streams, but not every host's db and db-ro were moved)");
        }
        return succeeded;
    }
}
