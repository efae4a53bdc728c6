package com.speedy.push.cli;

import com.speedy.push.db.Switchover;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "switchover", mixinStandardHelpOptions = true,
        description = {"Moves the primary to its streaming standby, both healthy, losing no write: checks (streaming,"
                + " lag, matching settings and pg_hba); speedy-notifier and speedy-jobs' timers stopped on the"
                + " service hosts; db moved to the standby there, so that speedy-app reads from it and holds its"
                + " writes (up to its db.hold, 10 s) instead of refusing them; the old primary fenced (start.conf"
                + " manual) and stopped fast; the standby's replay of its shutdown checkpoint confirmed; pg_promote;"
                + " db moved on every host; speedy-app checked to write to the new primary on each service host,"
                + " where its held writes go through; the units started; the old primary re-attached as a standby"
                + " of the new one.",
                "Every step is printed as it starts. A step that fails stops the switchover and says what state it"
                + " left and what to run: the same command resumes; a switchover back to the old primary undoes one"
                + " that stopped before the promotion."},
        footer = {"", "Examples:", "  push db switchover --to db2", "  push db switchover --to db1   (and back)",
                "", "Exit codes: 0 switched over (or already done), 1 refused or stopped (see the lines under"
                + " STOPPED), 2 bad input."})
final class DbSwitchoverCommand implements Callable<Integer> {
    @Mixin
    PairOptions pair;

    @Option(names = "--max-lag", paramLabel = "BYTES", defaultValue = "16777216",
            description = "refuse while the standby replays more than this many bytes of WAL behind (default:"
                    + " ${DEFAULT-VALUE}, one WAL segment)")
    long maxLagBytes;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return pair.execute(spec, "switchover", "switched over to",
                (change, rollout, console) -> new Switchover(change, rollout, console, maxLagBytes)::run);
    }
}
