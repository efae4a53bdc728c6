package com.speedy.repo.publish;

import com.speedy.debian.InvalidSuiteException;
import com.speedy.debian.Suite;
import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.repo.serve.RepositoryServer;
import com.speedy.repo.index.PackagesIndex;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishes killed for real, over and over: a child JVM halts just before its k-th file operation (k walks over every
 * step of a publish) or is SIGKILLed a few milliseconds into its writes. After each kill, before anything else runs,
 * what a client sees must be the old suite or the new one: signatures and digests as verify checks them, and a real
 * apt-get update (by-hash and not) over repo-tool serve that reports nothing and sees exactly the old or the new
 * packages. Then the next command must say it recovered, and verify must pass.
 */
class PublishCrashIT {
    /** Kills per run: 40 in CI (10 per phase aimed at); {@code -Dcrash.kills=500} for a longer hunt by hand. */
    private static final int KILLS = Integer.getInteger("crash.kills", 40);
    private static final String[] JAVA = {Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-cp", System.getProperty("java.class.path")};

    @TempDir
    Path dir;

    private TestRepository repo;
    private HttpServer server;
    private final Map<WriteSteps.Phase, Integer> killsByPhase = new EnumMap<>(WriteSteps.Phase.class);
    private final Random random = new Random(11);

    @BeforeEach
    void publishAndServe() throws Exception {
        repo = new TestRepository(dir.resolve("repo"), List.of("amd64"));
        repo.publisher(Clock.systemUTC()).publish("dev", List.of(TestRepository.deb(dir, "crash-base", "1.0-1", "all",
                "base")));
        server = RepositoryServer.start(repo.root, "127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aPublishKilledAtAnyStepLeavesTheOldOrTheNewSuiteForEveryClientAndTheNextCommandRecovers() throws Exception {
        Map<WriteSteps.Phase, List<Integer>> steps = fullPublish(debsFor(0)); // each phase's step numbers
        Set<String> live = packages();
        List<WriteSteps.Phase> targets = List.of(WriteSteps.Phase.POOL, WriteSteps.Phase.GENERATION,
                WriteSteps.Phase.SWITCH, WriteSteps.Phase.RETIRE);
        Map<WriteSteps.Phase, Integer> aimed = new EnumMap<>(WriteSteps.Phase.class);
        int attempts = 0;
        int kills = 0;
        int leftoversReported = 0;
        int aptChecks = 0;
        for (int round = 1; kills < KILLS; round++) {
            List<Path> debs = debsFor(round);
            Set<String> before = live;
            Set<String> after = new TreeSet<>(before);
            for (Path deb : debs) {
                after.add(nameVersion(deb));
            }
            attempts++;
            boolean sigkill = attempts % 5 == 0;
            // Halts aim at each phase in turn, striding over its steps (as many as the last full publish had).
            WriteSteps.Phase target = targets.get(attempts % targets.size());
            List<Integer> range = steps.get(target);
            int n = aimed.merge(target, 1, Integer::sum);
            Killed killed = sigkill ? sigkill(debs) : halt(debs, target, 1 + (n * 7) % range.size());
            if (killed.finished()) {
                live = packages();
                assertThat(live).isEqualTo(after);
                continue;
            }
            kills++;
            killsByPhase.merge(killed.phase(), 1, Integer::sum);

            // What a client sees right after the kill, before any command ran.
            assertThat(new Verifier(repo.root, repo.publicKeyring).suiteProblems()).as(killed.toString()).isEmpty();
            Set<String> seen = packages();
            assertThat(seen).as(killed.toString()).isIn(before, after);
            assertThat(aptSees(true)).as("by-hash, " + killed).isEqualTo(seen);
            assertThat(aptSees(false)).as("no by-hash, " + killed).isEqualTo(seen);
            aptChecks++;

            // verify reports what the kill left, changes nothing; the next command removes it and says so.
            List<String> leftovers = new Verifier(repo.root, repo.publicKeyring).problems();
            assertThat(packages()).isEqualTo(seen);
            List<String> recovered = Recovery.recover(repo.root, message -> { });
            assertThat(recovered).as("recovery said what it did about " + leftovers).hasSameSizeAs(leftovers);
            if (!leftovers.isEmpty()) {
                leftoversReported++;
                assertThat(recovered).allSatisfy(m -> assertThat(m).startsWith("recovered: "));
            }
            assertThat(new Verifier(repo.root, repo.publicKeyring).problems()).as(killed.toString()).isEmpty();
            assertThat(packages()).isEqualTo(seen);

            if (round % 3 == 0) {
                // The killed publish run again publishes for real, whatever the kill left in the pool.
                repo.publisher(Clock.systemUTC()).publish("dev", debs);
                assertThat(packages()).isEqualTo(after);
            }
            live = packages(); // else the next round publishes others: this one's must not become live with them
            if (round % 8 == 0) {
                // The by-hash files kept grow over the first publishes: count the steps again on the next one.
                round++;
                steps = fullPublish(debsFor(round));
                live = packages();
            }
        }
        System.out.println("PublishCrashIT: " + kills + " kills by phase " + killsByPhase + "; apt-get update"
                + " (by-hash and not) after " + aptChecks + " of them; " + leftoversReported + " left something"
                + " that verify reported and the next command removed");
        assertThat(killsByPhase.keySet()).contains(WriteSteps.Phase.POOL, WriteSteps.Phase.GENERATION,
                WriteSteps.Phase.SWITCH, WriteSteps.Phase.RETIRE);
        for (WriteSteps.Phase phase : targets) {
            // Aimed at in turn, a kill may land a step early or late: each phase gets at least half its share.
            assertThat(killsByPhase.get(phase)).as(phase.toString())
                    .isGreaterThanOrEqualTo(KILLS / targets.size() / 2);
        }
        assertThat(leftoversReported).isGreaterThan(kills / 2);
    }

    @Test
    void aSecondAptGetUpdateGetsNotModifiedForTheUnchangedInRelease() throws Exception {
        Path apt = Files.createTempDirectory(dir, "apt-");
        Thread.sleep(1100); // within the second of the publish, serve dates it a second earlier and gives no 304
        assertThat(aptGetUpdate(apt, true)).contains("Get:1 ").contains("InRelease");

        assertThat(aptGetUpdate(apt, true)).as("serve answered If-Modified-Since with 304")
                .contains("Hit:1 http://127.0.0.1:" + server.getAddress().getPort() + " dev InRelease")
                .doesNotContain("Get:");
    }

    /** Two .debs a round: one new package and a newer version of one that the suite keeps gaining. */
    private List<Path> debsFor(int round) throws Exception {
        return List.of(TestRepository.deb(dir, "crash-new" + round, "1.0-1", "all", "r" + round),
                TestRepository.deb(dir, "crash-grow", "1:1." + round + "-1", "all", "g" + round));
    }

    private static String nameVersion(Path deb) {
        String[] parts = deb.getFileName().toString().split("_");
        return parts[0] + " " + parts[1];
    }

    private Set<String> packages() throws PublishException, InvalidSuiteException {
        return SuiteContents.read(repo.root, RepositoryConfig.read(repo.root), Suite.parse("dev")).packages().stream()
                .map(e -> e.name() + " " + e.version()).collect(Collectors.toCollection(TreeSet::new));
    }

    /** How a child ended: killed in a phase, or finished after {@code steps} file operations. */
    private record Killed(boolean finished, WriteSteps.Phase phase, int steps, String step) {
        @Override
        public String toString() {
            return "killed in " + phase + " at step " + steps + " (" + step + ")";
        }
    }

    /** A publish run to the end, tracing its steps: the step numbers of each phase. */
    private Map<WriteSteps.Phase, List<Integer>> fullPublish(List<Path> debs) throws Exception {
        Path trace = Files.createTempFile(dir, "full-", ".txt");
        Process child = start("trace", null, debs, trace);
        assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String out = Files.readString(trace);
        assertThat(child.exitValue()).as(out).isZero();
        Map<WriteSteps.Phase, List<Integer>> steps = new EnumMap<>(WriteSteps.Phase.class);
        for (String line : out.lines().filter(l -> l.startsWith("STEP ")).toList()) {
            String[] f = line.split(" ", 4);
            steps.computeIfAbsent(WriteSteps.Phase.valueOf(f[1]), p -> new ArrayList<>()).add(Integer.parseInt(f[2]));
        }
        assertThat(steps).as(out).containsKeys(WriteSteps.Phase.POOL, WriteSteps.Phase.GENERATION,
                WriteSteps.Phase.SWITCH, WriteSteps.Phase.RETIRE);
        return steps;
    }

    private Killed halt(List<Path> debs, WriteSteps.Phase phase, int k) throws Exception {
        Path out = Files.createTempFile(dir, "halt-", ".txt");
        Process child = start("halt", phase + " " + k, debs, out);
        assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return parse(Files.readString(out), child.exitValue());
    }

    /** SIGKILL a few milliseconds after the child's first file operation: wherever it then is. */
    private Killed sigkill(List<Path> debs) throws Exception {
        // The trace goes to a file: it survives the kill whole (destroying a process closes its pipes).
        Path trace = Files.createTempFile(dir, "trace-", ".txt");
        Process child = start("trace", null, debs, trace);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (child.isAlive() && !Files.readString(trace).contains("STEP ") && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        Thread.sleep(random.nextInt(120));
        child.destroyForcibly(); // SIGKILL
        assertThat(child.waitFor(1, TimeUnit.MINUTES)).isTrue();
        return parse(Files.readString(trace), child.exitValue());
    }

    private Process start(String mode, String phaseAndStep, List<Path> debs, Path out) throws IOException {
        List<String> argv = new ArrayList<>(List.of(JAVA));
        argv.addAll(List.of(CrashingPublish.class.getName(), repo.root.toString(), "dev", mode));
        if (phaseAndStep != null) {
            argv.addAll(List.of(phaseAndStep.split(" ")));
        }
        debs.forEach(d -> argv.add(d.toString()));
        return new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(ProcessBuilder.Redirect.to(out.toFile())).start();
    }

    private static Killed parse(String out, int exit) {
        List<String> lines = out.lines().toList();
        for (String line : lines) {
            if (line.startsWith("STEPS ")) {
                // The publish returned: a SIGKILL that lands while its JVM exits still ends it with 137 (CI, 2026-12-03).
                assertThat(exit).as(out).isIn(0, 137);
                return new Killed(true, null, Integer.parseInt(line.substring(6).strip()), "");
            }
        }
        assertThat(exit).as(out).isEqualTo(137);
        String last = lines.stream().filter(l -> l.startsWith("HALT ") || l.startsWith("STEP ")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("killed before its first file operation:\n" + out));
        String[] f = last.split(" ", 4);
        return new Killed(false, WriteSteps.Phase.valueOf(f[1]), Integer.parseInt(f[2]), f[3]);
    }

    /** A real apt-get update, its state in a fresh folder of its own (never this machine's), over repo-tool serve. */
    private Set<String> aptSees(boolean byHash) throws Exception {
        Path apt = Files.createTempDirectory(dir, "apt-");
        String out = aptGetUpdate(apt, byHash);
        assertThat(out.lines().filter(l -> l.matches("^(W|E|Err|N):.*"))).as(out).isEmpty();
        Set<String> seen = new TreeSet<>();
        try (Stream<Path> lists = Files.list(apt.resolve("state/lists"))) {
            // apt keeps the lists compressed (lz4); its helper reads them back.
            for (Path p : lists.filter(f -> f.getFileName().toString().contains("_Packages")).toList()) {
                for (PackagesIndex.Entry e : PackagesIndex.parse(TestRepository.run("/usr/lib/apt/apt-helper",
                        "cat-file", p.toString()))) {
                    seen.add(e.name() + " " + e.version());
                }
            }
        }
        TestRepository.run("rm", "-rf", apt.toString());
        return seen;
    }

    private String aptGetUpdate(Path apt, boolean byHash) throws Exception {
        Files.createDirectories(apt.resolve("state/lists/partial"));
        Files.createDirectories(apt.resolve("cache/archives/partial"));
        Files.writeString(apt.resolve("status"), "");
        Files.writeString(apt.resolve("sources.list"), "deb [signed-by=" + repo.publicKeyring + "] http://127.0.0.1:"
                + server.getAddress().getPort() + "/ dev main\n");
        return TestRepository.run("apt-get", "update", "-q",
                "-o", "Dir::State=" + apt.resolve("state"), "-o", "Dir::State::status=" + apt.resolve("status"),
                "-o", "Dir::Cache=" + apt.resolve("cache"), "-o", "Dir::Etc::SourceList=" + apt.resolve("sources.list"),
                "-o", "Dir::Etc::SourceParts=/dev/null", "-o", "Dir::Etc::Parts=/dev/null",
                "-o", "Dir::Etc::Preferences=/dev/null", "-o", "Dir::Etc::PreferencesParts=/dev/null",
                "-o", "APT::Sandbox::User=root", "-o", "Acquire::By-Hash=" + (byHash ? "yes" : "no"));
    }
}
