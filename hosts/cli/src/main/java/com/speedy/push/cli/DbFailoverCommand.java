package com.speedy.push.cli;

import com.speedy.push.db.Failover;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "failover", mixinStandardHelpOptions = true,
        description = {"The primary is lost: promotes its standby, moves db on every host, checks that speedy-app"
                + " writes to the new primary on each service host, and says how to rebuild the old primary.",
                "Refused while the old primary runs as a primary (use switchover). Without --force, refused unless"
                + " nothing can be lost: the old primary reachable, stopped cleanly, and all its WAL received by the"
                + " standby; with the old primary unreachable, crashed, or the standby lagging, --force promotes all"
                + " the same and says how far behind the standby was. The old primary is fenced where it can be"
                + " reached; where it cannot, the start guard that push db replica installed keeps it from starting"
                + " as a primary again."},
        footer = {"", "Examples:", "  push db failover --to db2", "  push db failover --to db2 --force   (db1 is"
                + " gone)", "", "Exit codes: 0 failed over, 1 refused or stopped (see the lines under STOPPED), 2 bad"
                + " input."})
final class DbFailoverCommand implements Callable<Integer> {
    @Mixin
    PairOptions pair;

    @Option(names = "--force", description = "promote even when writes may be lost (see above)")
    boolean force;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return pair.execute(spec, "failover", "failed over to",
                (change, rollout, console) -> new Failover(change, rollout, console, force)::run);
    }
}
