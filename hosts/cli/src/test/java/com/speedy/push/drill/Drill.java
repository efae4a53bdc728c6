package com.speedy.push.drill;

import com.speedy.push.DbPair;
import com.speedy.push.PushRun;
import com.speedy.push.Writer;
import com.speedy.testbed.Testbed;
import com.speedy.testbed.TestbedHost;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs one planned fault against the pair: brings the pair to the command's starting point, starts the command as a
 * separate push process, injects the fault at the planned moment, takes it away once push stopped, recovers by
 * running what push printed ({@code next:} lines, {@code push db rejoin}) or the same command again, then checks the
 * invariants over the run's history. A run that leaves the pair broken is followed by a rebuild of the pair.
 */
public final class Drill {
    /** What a run did: its plan, the step the fault hit, how long it took, what it broke. */
    public record Outcome(Plan plan, String step, Duration took, String phases, List<Violation> violations,
                          boolean rebuilt, String history) {}

    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(3);
    private static final int RECOVERY_ATTEMPTS = 4;
    private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(40);
    private static final Duration APPS_WRITE_WITHIN = Duration.ofSeconds(30);

    private final DbPair pair;
    private final History history;
    private final Sampler sampler;
    private final Writer writer;
    private final Faults faults;

    public Drill(Testbed testbed, DbPair pair, History history, Sampler sampler, Writer writer) {
        this.pair = pair;
        this.history = history;
        this.sampler = sampler;
        this.writer = writer;
        this.faults = new Faults(testbed, history);
    }

    /** The sentinel: a row that every database host holding the pair's database must keep. */
    public void plantSentinel() {
        PairState state = PairState.observe(pair);
        DbPair.psql(state.primary().orElseThrow(() -> new AssertionError("no primary: " + state.problems())),
                "CREATE TABLE IF NOT EXISTS drill_sentinel (note text); INSERT INTO drill_sentinel"
                        + " SELECT 'planted' WHERE NOT EXISTS (SELECT FROM drill_sentinel)");
    }

    public Outcome run(Plan plan) throws Exception {
        Instant runStart = Instant.now();
        history.record("drill", "=== " + plan + " (replay: " + plan.replay() + ")");
        PairState before = PairState.observe(pair);
        boolean rebuilt = false;
        boolean appsWrite = before.healthy() && writer.awaitAcknowledgedAfter(Instant.now(), pair.apps().size(),
                APPS_WRITE_WITHIN);
        if (!appsWrite) {
            history.record("drill", "pair not healthy before the run (" + before.problems() + ", apps writing: "
                    + appsWrite + "): rebuilding it");
            rebuild();
            rebuilt = true;
            before = PairState.observe(pair);
            if (!before.healthy()) {
                throw new AssertionError("the pair is not healthy even after a rebuild: " + before.problems());
            }
        }
        TestbedHost primary = before.primary().orElseThrow();
        TestbedHost standby = before.standby().orElseThrow();
        Instant prepareStart = Instant.now();
        Setup setup = prepare(plan, primary, standby);
        TestbedHost faulted = plan.onTarget() ? setup.target : setup.other;

        Instant commandStart = Instant.now();
        Map<String, Map<String, String>> held = new TreeMap<>();
        for (TestbedHost db : pair.dbHosts()) {
            held.put(db.name(), databases(db));
        }
        String step;
        PushProcess push;
        Instant restoreLinkAt = null;
        if (plan.point() == 0) {
            step = "0. before the command started";
            faults.inject(plan.fault(), faulted, null);
            push = start(setup.command);
            if (plan.fault() == FaultKind.PUSH_KILLED) {
                push.kill();
            }
        } else {
            push = start(setup.command);
            while (push.running() && push.point() < plan.point()) {
                Thread.sleep(20);
            }
            Instant at = Instant.now().plusMillis(plan.delayMillis());
            while (push.running() && Instant.now().isBefore(at)) {
                Thread.sleep(20);
            }
            step = push.running() ? push.step() : "after the command ended";
            faults.inject(plan.fault(), faulted, push);
        }
        if (plan.fault() == FaultKind.LINK_DOWN) {
            restoreLinkAt = Instant.now().plusMillis(plan.outageMillis());
        }
        PushProcess.Result result = await(push, restoreLinkAt, faulted);
        if (plan.fault() != FaultKind.LINK_DOWN) {
            faults.restore(plan.fault(), faulted);
        }

        Instant recoveryStart = Instant.now();
        Recovery recovery = recover(plan, setup, result);
        Instant healthStart = Instant.now();
        PairState after = awaitHealthy();
        Instant writesFrom = Instant.now();
        appsWrite = after.healthy() && writer.awaitAcknowledgedAfter(writesFrom, pair.apps().size(),
                APPS_WRITE_WITHIN);
        Instant runEnd = Instant.now();

        List<Violation> violations = new ArrayList<>();
        List<Sampler.Sample> samples = sampler.samples();
        List<Writer.Op> ops = writer.ops();
        String excerpt = history.excerpt(runStart, runEnd, samples, ops, 400);
        if (!after.healthy() || !appsWrite) {
            violations.add(new Violation(Violation.Invariant.NOT_RESUMABLE, plan, step, "after "
                    + recovery.ran + ": " + (after.healthy() ? "the apps did not both write within "
                    + APPS_WRITE_WITHIN.toSeconds() + " s" : String.join("; ", after.problems())), excerpt));
        }
        Checks checks = new Checks(plan, step, excerpt);
        if (plan.operation() != Operation.FAILOVER && !recovery.failedOver) {
            after.primary().ifPresent(p -> checks.acknowledgedWritesOn(p, ops, commandStart, runEnd)
                    .ifPresent(violations::add));
        }
        violations.addAll(checks.dataDirectories(held, samples, commandStart, runEnd));
        Map<String, String> dbAddresses = new TreeMap<>();
        pair.dbHosts().forEach(db -> dbAddresses.put(db.name(), db.address()));
        violations.addAll(checks.twoPrimaries(samples, runStart, runEnd, dbAddresses,
                pair.apps().stream().map(TestbedHost::name).toList()));
        for (TestbedHost db : pair.dbHosts()) {
            if (!held.get(db.name()).isEmpty() && after.healthy()
                    && !PairState.query(db, "SELECT count(*) FROM drill_sentinel").orElse("?").equals("1")) {
                violations.add(new Violation(Violation.Invariant.DATA_DIRECTORY_EMPTIED, plan, step, db.name()
                        + " held the database at the command's start, but its sentinel row is gone", excerpt));
            }
        }
        if (!after.healthy() || !appsWrite) {
            rebuild();
            rebuilt = true;
        }
        String phases = String.format("check %.1f, set-up %.1f, command and fault %.1f, recovery %.1f, health %.1f,"
                + " checks %.1f s", seconds(runStart, prepareStart), seconds(prepareStart, commandStart),
                seconds(commandStart, recoveryStart), seconds(recoveryStart, healthStart), seconds(healthStart, runEnd),
                seconds(runEnd, Instant.now()));
        return new Outcome(plan, step, Duration.between(runStart, Instant.now()), phases, List.copyOf(violations),
                rebuilt, excerpt);
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    /** The command to interrupt and its hosts, after bringing the pair to where the command starts. */
    private record Setup(List<String> command, TestbedHost target, TestbedHost other) {}

    private Setup prepare(Plan plan, TestbedHost primary, TestbedHost standby) {
        switch (plan.operation()) {
            case SWITCHOVER:
                return new Setup(List.of("db", "switchover", "--to", standby.name()), standby, primary);
            case FAILOVER:
                history.record("drill", "the primary " + primary.name() + " is lost: its PostgreSQL stopped");
                primary.exec("systemctl", "stop", DbPair.CLUSTER).orThrow();
                return new Setup(List.of("db", "failover", "--to", standby.name(), "--force"), standby, primary);
            case REJOIN:
                history.record("drill", "set-up: " + primary.name() + " stopped, failover to " + standby.name());
                primary.exec("systemctl", "stop", DbPair.CLUSTER).orThrow();
                PushRun failover = pair.push("db", "failover", "--to", standby.name(), "--force");
                if (failover.exitCode() != 0) {
                    throw new AssertionError("the rejoin drill's set-up failover failed:\n" + failover.out());
                }
                return new Setup(List.of("db", "rejoin", primary.name()), primary, standby);
            case REPLICA:
                if (plan.discard()) {
                    // Left stopped: push's start guard would fence a fresh cluster starting as a primary anyway.
                    history.record("drill", "the operator discards " + standby.name() + "'s cluster (a new, empty,"
                            + " stopped one in its place)");
                    standby.exec("sh", "-c", "systemctl stop " + DbPair.CLUSTER + "; pg_dropcluster --stop 15 main;"
                            + " pg_createcluster 15 main >/dev/null && systemctl daemon-reload").orThrow();
                    DbPair.provision(standby);
                }
                return new Setup(List.of("db", "replica", standby.name(), "--from", primary.name()), standby,
                        primary);
            default:
                throw new IllegalArgumentException(plan.operation().name());
        }
    }

    private PushProcess start(List<String> command) {
        return PushProcess.start(command, pair.inventory(), pair.logDir(), history);
    }

    /** Waits for push, bringing a downed link back up on time meanwhile. */
    private PushProcess.Result await(PushProcess push, Instant restoreLinkAt, TestbedHost faulted) throws Exception {
        Instant deadline = Instant.now().plus(COMMAND_TIMEOUT);
        while (push.running() && Instant.now().isBefore(deadline)) {
            if (restoreLinkAt != null && Instant.now().isAfter(restoreLinkAt)) {
                faults.restore(FaultKind.LINK_DOWN, faulted);
                restoreLinkAt = null;
            }
            Thread.sleep(50);
        }
        if (restoreLinkAt != null) {
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), restoreLinkAt).toMillis()));
            faults.restore(FaultKind.LINK_DOWN, faulted);
        }
        PushProcess.Result result = push.await(Duration.ofSeconds(1));
        history.record("drill", "push ended: " + describe(result));
        return result;
    }

    /** What the drill ran to recover, and whether that included a failover (which may lose writes by design). */
    private record Recovery(String ran, boolean failedOver) {}

    /**
     * Follows push's own advice until a command succeeds: the commands its {@code next:} lines print, in their order,
     * each tried once before any is tried again (but {@code db status}, and a command conditioned "when HOST is lost"
     * while HOST answers), else the same command again; then the rejoin a failover prints. A replica that refused a host holding a database is the expected end.
     */
    private Recovery recover(Plan plan, Setup setup, PushProcess.Result first) throws InterruptedException {
        List<String> ran = new ArrayList<>();
        boolean failedOver = false;
        PushProcess.Result last = first;
        List<String> lastCommand = setup.command;
        Set<List<String>> rejoins = new HashSet<>(rejoinsIn(first.out()));
        Set<List<String>> tried = new HashSet<>();
        for (int attempt = 0; attempt < RECOVERY_ATTEMPTS && !last.ok(); attempt++) {
            boolean interrupted = last.exitCode() == PushProcess.Result.KILLED
                    || last.exitCode() == PushProcess.Result.TIMED_OUT;
            if (plan.operation() == Operation.REPLICA && !plan.discard() && !interrupted
                    && lastCommand.get(1).equals("replica")) {
                break;
            }
            // The first printed command not tried yet (resume before undo); all tried, the first again.
            List<List<String>> candidates = new ArrayList<>();
            for (List<String> candidate : last.nextCommands()) {
                String condition = last.condition(candidate);
                if (!(candidate.size() > 1 && candidate.get(1).equals("status"))
                        && !(condition.matches("when \\S+ is lost") && answers(condition.split(" ")[1]))) {
                    candidates.add(candidate);
                }
            }
            List<String> next = candidates.stream().filter(c -> !tried.contains(c)).findFirst()
                    .orElse(candidates.isEmpty() ? lastCommand : candidates.get(0));
            tried.add(next);
            ran.add("push " + String.join(" ", next));
            failedOver |= next.contains("failover");
            lastCommand = next;
            last = start(next).await(COMMAND_TIMEOUT);
            history.record("drill", "recovery push ended: " + describe(last));
            rejoins.addAll(rejoinsIn(last.out()));
        }
        if (last.ok()) {
            for (List<String> rejoin : rejoins) {
                if (!rejoin.equals(lastCommand)) {
                    ran.add("push " + String.join(" ", rejoin));
                    PushProcess.Result result = start(rejoin).await(COMMAND_TIMEOUT);
                    history.record("drill", "rejoin push ended: " + describe(result));
                }
            }
        }
        return new Recovery(ran.isEmpty() ? "no recovery command (push " + String.join(" ", setup.command) + " "
                + describe(first) + ")" : "recovery " + ran, failedOver);
    }

    /** The {@code push db rejoin HOST} commands a failover (or a switchover that stopped) printed. */
    private static List<List<String>> rejoinsIn(String out) {
        List<List<String>> rejoins = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("push (db rejoin \\S+)").matcher(out);
        while (m.find()) {
            rejoins.add(List.of(m.group(1).split(" ")));
        }
        return rejoins;
    }

    private boolean answers(String hostName) {
        return pair.dbHosts().stream().filter(h -> h.name().equals(hostName))
                .anyMatch(h -> PairState.query(h, "SELECT 1").isPresent());
    }

    private PairState awaitHealthy() throws InterruptedException {
        Instant deadline = Instant.now().plus(HEALTHY_WITHIN);
        PairState state = PairState.observe(pair);
        while (!state.healthy() && Instant.now().isBefore(deadline)) {
            Thread.sleep(1_000);
            state = PairState.observe(pair);
        }
        return state;
    }

    private void rebuild() {
        history.record("drill", "rebuilding the pair from scratch (db1 primary, db2 standby)");
        pair.rebuild();
        plantSentinel();
    }

    /** The user databases in the host's data directory, by OID, with their directories' inodes. */
    private static Map<String, String> databases(TestbedHost db) {
        Map<String, String> found = new TreeMap<>();
        String out = db.exec("sh", "-c", "cd /var/lib/postgresql/15/main/base && for n in *; do [ \"$n\" -ge 16384 ]"
                + " 2>/dev/null && echo \"$n $(stat -c %i \"$n\")\"; done; true").stdout();
        out.lines().map(l -> l.split(" ")).filter(f -> f.length == 2).forEach(f -> found.put(f[0], f[1]));
        return found;
    }

    private static String describe(PushProcess.Result result) {
        return switch (result.exitCode()) {
            case PushProcess.Result.KILLED -> "killed";
            case PushProcess.Result.TIMED_OUT -> "timed out";
            default -> "exit " + result.exitCode();
        };
    }
}
