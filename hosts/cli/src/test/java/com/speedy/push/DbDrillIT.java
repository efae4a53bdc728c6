package com.speedy.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.push.drill.Drill;
import com.speedy.push.drill.History;
import com.speedy.push.drill.Operation;
import com.speedy.push.drill.Plan;
import com.speedy.push.drill.Sampler;
import com.speedy.push.drill.Violation;
import com.speedy.testbed.Testbed;
import com.speedy.testbed.TestbedHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Jepsen-style drills of the database pair: each run interrupts one of push's db commands (switchover, failover,
 * rejoin, replica) with one fault at a chosen moment (a host killed, PostgreSQL stopped or its postmaster kill -9ed,
 * a link down, push itself SIGKILLed), recovers by what push printed, and checks the invariants over the history the
 * writer and the sampler recorded. How many runs and which: {@code -Ddrill.faults=N} (default 3: about 2 minutes,
 * which keeps CI under its 40; each CI run draws a new seed; bench/db-drills.sh runs hundreds), {@code -Ddrill.seed=S} (default: the clock;
 * printed), {@code -Ddrill.runs=I,J} (replay those runs of the seed),
 * {@code -Ddrill.operations=switchover,rejoin}; {@code -Ddrill.report=FILE} writes the summary there too;
 * {@code -Ddrill.verbose=true} prints every run's history.
 */
@TestbedHosts({"drill-db1", "drill-db2", "drill-app1", "drill-app2"})
class DbDrillIT {
    @Test
    void everyInjectedFaultLeavesEveryAcknowledgedWriteEveryDatabaseOnePrimaryAndAResumablePair(Testbed testbed)
            throws Exception {
        long seed = Long.getLong("drill.seed", System.currentTimeMillis());
        int faults = Integer.getInteger("drill.faults", 3);
        List<Operation> operations = Arrays.stream(System.getProperty("drill.operations",
                "switchover,failover,rejoin,replica").split(",")).map(o -> Operation.valueOf(o.strip().toUpperCase()))
                .toList();
        List<Integer> runs = System.getProperty("drill.runs", "").isBlank()
                ? java.util.stream.IntStream.range(0, faults).boxed().toList()
                : Arrays.stream(System.getProperty("drill.runs").split(",")).map(r -> Integer.valueOf(r.strip()))
                .toList();
        System.out.println("drills: seed " + seed + " (replay with -Ddrill.seed=" + seed + "), " + runs.size()
                + " faults over " + operations);

        Instant setUpStart = Instant.now();
        DbPair pair = DbPair.setUp(testbed, "db-drill-it", "drill-");
        History history = new History();
        List<Drill.Outcome> outcomes = new ArrayList<>();
        Duration setUp = Duration.between(setUpStart, Instant.now());
        try (Sampler sampler = new Sampler(pair.dbHosts(), pair.apps()); Writer writer = new Writer(pair.apps())) {
            Drill drill = new Drill(testbed, pair, history, sampler, writer);
            drill.plantSentinel();
            for (int run : runs) {
                Plan plan = Plan.of(seed, run, operations);
                Drill.Outcome outcome = drill.run(plan);
                outcomes.add(outcome);
                System.out.printf("drills: %s -> fault at step %s, %.1f s (%s), %s%s%n", plan, outcome.step(),
                        outcome.took().toMillis() / 1000.0, outcome.phases(), outcome.violations().isEmpty() ? "ok"
                                : outcome.violations().size() + " violation(s)", outcome.rebuilt() ? " (pair rebuilt)"
                                : "");
                if (Boolean.getBoolean("drill.verbose")) {
                    System.out.print(outcome.history());
                }
            }
        }
        String summary = summary(seed, setUp, outcomes);
        System.out.println(summary);
        String report = System.getProperty("drill.report", "");
        if (!report.isBlank()) {
            Files.writeString(Path.of(report), summary);
        }
        assertThat(outcomes.stream().flatMap(o -> o.violations().stream()).toList())
                .as("invariant violations (seed " + seed + ")\n" + summary).isEmpty();
    }

    /** Runs and time per fault, counts per operation, fault kind and step, then every violation in full. */
    private static String summary(long seed, Duration setUp, List<Drill.Outcome> outcomes) {
        StringBuilder out = new StringBuilder();
        Duration total = outcomes.stream().map(Drill.Outcome::took).reduce(Duration.ZERO, Duration::plus);
        List<Violation> violations = outcomes.stream().flatMap(o -> o.violations().stream()).toList();
        out.append(String.format("drills: seed %d: %d faults in %.0f s (%.1f s per fault; set-up %.0f s), %d runs with"
                        + " violations, %d violations, %d rebuilds of the pair%n", seed, outcomes.size(),
                total.toMillis() / 1000.0, outcomes.isEmpty() ? 0.0 : total.toMillis() / 1000.0 / outcomes.size(),
                setUp.toMillis() / 1000.0, outcomes.stream().filter(o -> !o.violations().isEmpty()).count(),
                violations.size(), outcomes.stream().filter(Drill.Outcome::rebuilt).count()));
        Map<String, int[]> counts = new TreeMap<>();
        for (Drill.Outcome o : outcomes) {
            String key = String.format("%-10s %-17s %s", o.plan().operation().name().toLowerCase(),
                    o.plan().fault().name().toLowerCase(), o.step().replaceAll("db[12]", "HOST")
                            .replaceAll("\\b[0-9A-F]+/[0-9A-F]+\\b", "LSN")
                            .replaceAll("\\d+\\.\\d+\\.\\d+\\.\\d+", "ADDRESS"));
            int[] c = counts.computeIfAbsent(key, k -> new int[2]);
            c[0]++;
            c[1] += o.violations().isEmpty() ? 0 : 1;
        }
        out.append(String.format("%5s %5s  %-10s %-17s %s%n", "runs", "viol.", "operation", "fault", "step hit"));
        counts.forEach((key, c) -> out.append(String.format("%5d %5d  %s%n", c[0], c[1], key)));
        Map<String, Integer> perInvariant = new TreeMap<>();
        violations.forEach(v -> perInvariant.merge(v.invariant().name(), 1, Integer::sum));
        out.append("violations per invariant: ").append(perInvariant).append('\n');
        for (Violation v : violations) {
            out.append("\nVIOLATION ").append(v.render());
        }
        return out.toString();
    }
}
