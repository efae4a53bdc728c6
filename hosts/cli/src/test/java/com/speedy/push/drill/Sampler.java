package com.speedy.push.drill;

import com.speedy.push.DbPair;
import com.speedy.testbed.TestbedHost;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Samples every ~250 ms, on each host, whether its PostgreSQL accepts writes (a primary), replays (a standby) or does
 * not answer; the identity of its user databases' directories (name and inode, so that a data directory emptied and
 * cloned again shows even when the database comes back); and where {@code db} points in its /etc/hosts. One ssh
 * session per host runs the loop (cheaper than an ssh per sample on 2 cores); a session that dies is recorded as the
 * host unreachable and started again.
 */
public final class Sampler implements AutoCloseable {
    /** What a sample saw of a host's PostgreSQL; APP for a host that runs none. */
    public enum Role { PRIMARY, STANDBY, DOWN, UNREACHABLE, APP }

    /** One observation: {@code databases} maps each user database's directory (its OID) to its inode. */
    public record Sample(String host, Instant at, Role role, Map<String, String> databases, String db) {
        boolean sameState(Sample other) {
            return role == other.role && databases.equals(other.databases) && db.equals(other.db);
        }

        String describe() {
            return host + " " + role + (role == Role.APP || role == Role.UNREACHABLE ? "" : " databases " + databases)
                    + (role == Role.UNREACHABLE ? "" : ", db -> " + db);
        }
    }

    private static final String PROBE = "while :; do"
            + " r=$(cd / && timeout 2 runuser -u postgres -- psql -XAtq -c 'select pg_is_in_recovery()' 2>/dev/null)"
            + " || r=down;"
            + " d=$(cd /var/lib/postgresql/15/main/base 2>/dev/null && for n in *; do"
            + " [ \"$n\" -ge 16384 ] 2>/dev/null && printf '%s:%s,' \"$n\" \"$(stat -c %i \"$n\")\"; done);"
            + " a=$(awk '$2==\"db\" {print $1; exit}' /etc/hosts);"
            + " echo \"S ${r:-down} ${d:--} ${a:--}\"; sleep 0.25; done";

    private final ConcurrentLinkedQueue<Sample> samples = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();
    private final List<Process> sessions = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Sampler(List<TestbedHost> dbHosts, List<TestbedHost> apps) {
        dbHosts.forEach(host -> threads.add(new Thread(() -> loop(host, false), "sampler-" + host.name())));
        apps.forEach(host -> threads.add(new Thread(() -> loop(host, true), "sampler-" + host.name())));
        threads.forEach(Thread::start);
    }

    private void loop(TestbedHost host, boolean app) {
        while (running.get()) {
            List<String> argv = DbPair.ssh(host, "ConnectTimeout=2", "ServerAliveInterval=1", "ServerAliveCountMax=2");
            argv.add("--");
            argv.add(PROBE);
            try {
                Process session = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.DISCARD).start();
                sessions.add(session);
                try (BufferedReader in = new BufferedReader(new InputStreamReader(session.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null && running.get(); ) {
                        parse(host.name(), app, line);
                    }
                } finally {
                    session.destroyForcibly();
                    sessions.remove(session);
                }
            } catch (IOException e) {
                // Recorded below as unreachable, like a session that ended.
            }
            if (running.get()) {
                samples.add(new Sample(host.name(), Instant.now(), Role.UNREACHABLE, Map.of(), "-"));
                sleep(300);
            }
        }
    }

    private void parse(String host, boolean app, String line) {
        String[] f = line.split(" ");
        if (f.length != 4 || !f[0].equals("S")) {
            return;
        }
        Role role = app ? Role.APP : switch (f[1]) {
            case "f" -> Role.PRIMARY;
            case "t" -> Role.STANDBY;
            default -> Role.DOWN;
        };
        Map<String, String> databases = new TreeMap<>();
        if (!f[2].equals("-")) {
            for (String entry : f[2].split(",")) {
                String[] kv = entry.split(":");
                if (kv.length == 2) {
                    databases.put(kv[0], kv[1]);
                }
            }
        }
        samples.add(new Sample(host, Instant.now(), role, Map.copyOf(databases), f[3]));
    }

    /** Every sample so far, in the order they came. */
    public List<Sample> samples() {
        return List.copyOf(samples);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        sessions.forEach(Process::destroyForcibly);
        for (Thread thread : threads) {
            thread.join(5_000);
        }
    }
}
