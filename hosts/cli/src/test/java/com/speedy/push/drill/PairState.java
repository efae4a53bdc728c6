package com.speedy.push.drill;

import com.speedy.push.DbPair;
import com.speedy.testbed.ExecResult;
import com.speedy.testbed.TestbedHost;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The pair as the drill sees it, asked directly (not through push): each database host's role, whether the standby
 * streams from the primary, and where {@code db} points on every host.
 *
 * @param problems what keeps the pair from being healthy; empty when it is
 */
record PairState(Optional<TestbedHost> primary, Optional<TestbedHost> standby, List<String> problems) {

    boolean healthy() {
        return problems.isEmpty();
    }

    static PairState observe(DbPair pair) {
        List<TestbedHost> primaries = new ArrayList<>();
        List<TestbedHost> standbys = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        // Asked in parallel: each answer is an ssh of its own, and a drill observes the pair many times.
        Map<String, String> roles = new java.util.concurrent.ConcurrentHashMap<>();
        pair.dbHosts().parallelStream().forEach(db -> roles.put(db.name(),
                query(db, "SELECT pg_is_in_recovery()").orElse("down")));
        for (TestbedHost db : pair.dbHosts()) {
            String role = roles.get(db.name());
            switch (role) {
                case "f" -> primaries.add(db);
                case "t" -> standbys.add(db);
                default -> problems.add(db.name() + " does not answer (PostgreSQL down or host unreachable)");
            }
        }
        if (primaries.size() != 1) {
            problems.add(primaries.size() + " primaries: " + primaries.stream().map(TestbedHost::name).toList());
        }
        Optional<TestbedHost> primary = primaries.size() == 1 ? Optional.of(primaries.get(0)) : Optional.empty();
        Optional<TestbedHost> standby = standbys.size() == 1 ? Optional.of(standbys.get(0)) : Optional.empty();
        if (primary.isPresent() && standby.isPresent()) {
            String state = query(primary.get(), "SELECT state FROM pg_stat_replication WHERE application_name = '"
                    + standby.get().name() + "'").orElse("");
            if (!state.equals("streaming")) {
                problems.add(standby.get().name() + " does not stream from " + primary.get().name() + " ("
                        + (state.isEmpty() ? "not connected" : state) + ")");
            }
        }
        if (primary.isPresent()) {
            Map<String, String> wrong = new TreeMap<>();
            List<TestbedHost> every = new ArrayList<>(pair.dbHosts());
            every.addAll(pair.apps());
            every.parallelStream().forEach(host -> {
                String db = alias(host);
                if (!db.equals(primary.get().address())) {
                    synchronized (wrong) {
                        wrong.put(host.name(), db);
                    }
                }
            });
            if (!wrong.isEmpty()) {
                problems.add("db does not point at the primary " + primary.get().name() + " ("
                        + primary.get().address() + ") on " + wrong);
            }
        }
        return new PairState(primary, standby, List.copyOf(problems));
    }

    /** Where {@code db} points in the host's /etc/hosts, or what went wrong reading it. */
    static String alias(TestbedHost host) {
        ExecResult hosts = host.exec("awk", "$2 == \"db\" {print $1; exit}", "/etc/hosts");
        return hosts.succeeded() ? hosts.stdout().strip() : "(unreadable: exit " + hosts.exitStatus() + ")";
    }

    /** A query's output on database speedy, or empty when it failed (the host down, PostgreSQL not answering). */
    static Optional<String> query(TestbedHost host, String sql) {
        ExecResult result = host.exec("sh", "-c", "timeout 10 sh -c '" + DbPair.PSQL.replace("'", "'\\''")
                + "\"" + sql.replace("'", "'\\''") + "\"'");
        return result.succeeded() ? Optional.of(result.stdout().strip()) : Optional.empty();
    }
}
