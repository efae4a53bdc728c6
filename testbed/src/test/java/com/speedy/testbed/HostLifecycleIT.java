package com.speedy.testbed;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.process.LocalCommand;
import com.speedy.process.ProcessResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * bin/testbed's own lifecycle on real hosts: a killed host beside live ones, a launcher slow to become systemd-nspawn,
 * and an {@code up} that fails. Each test uses hosts of its own names, so that the others' hosts are not disturbed.
 */
@TestbedHosts({"life1", "life2"})
class HostLifecycleIT {
    private static final Path PROJECT = Path.of(System.getenv().getOrDefault("SPEEDY_PROJECT_DIR", ".."));
    private static final Path TESTBED = PROJECT.resolve("bin/testbed");
    private static final Path HOSTS = Path.of("/var/lib/speedy-testbed/hosts");

    @Test
    void withOneHostKilledAnotherComesUpAndTheKilledOneComesBack(Testbed testbed) throws Exception {
        testbed.kill("life2");

        // This failed writing the killed host's /etc/hosts, whose overlay root is unmounted.
        Testbed third = Testbed.up(PROJECT, List.of("life3"));
        TestbedHost one = third.host("life1");
        TestbedHost three = third.host("life3");
        assertThat(third.hosts()).extracting(TestbedHost::name).doesNotContain("life2");
        assertThat(three.exec("getent", "ahosts", "life1").orThrow().stdout()).startsWith(one.address());
        assertThat(one.exec("getent", "ahosts", "life3").orThrow().stdout()).startsWith(three.address());

        TestbedHost two = Testbed.up(PROJECT, List.of("life2")).host("life2");
        assertThat(two.exec("getent", "ahosts", "life3").orThrow().stdout()).startsWith(three.address());
        assertThat(one.exec("bash", "-c", "echo > /dev/tcp/life2/22").exitStatus()).isZero();
    }

    @Test
    void aStoppedHostShutsDownInOrderAndBootsAgainWithItsDisk() throws Exception {
        Testbed testbed = Testbed.up(PROJECT, List.of("stop1"));
        TestbedHost host = testbed.host("stop1");
        // A unit whose stop leaves a mark: only an orderly shutdown (not a power cut) runs it.
        host.exec("sh", "-c", "printf '[Service]\\nType=oneshot\\nRemainAfterExit=yes\\nExecStart=/bin/true\\n"
                + "ExecStop=/bin/touch /var/tmp/stopped-in-order\\n' > /run/systemd/system/mark-stop.service"
                + " && systemctl daemon-reload && systemctl start mark-stop && echo kept > /var/tmp/disk").orThrow();

        testbed.stop(List.of("stop1"));
        assertThat(run(List.of(TESTBED.toString(), "status"), Map.of()).output())
                .containsPattern("stop1 +\\S+ +stopped");

        TestbedHost again = Testbed.up(PROJECT, List.of("stop1")).host("stop1");
        assertThat(again.exec("cat", "/var/tmp/disk").orThrow().stdout()).isEqualTo("kept\n");
        assertThat(again.exec("test", "-e", "/var/tmp/stopped-in-order").exitStatus()).isZero();
        assertThat(run(List.of(TESTBED.toString(), "stop", "nosuchhost"), Map.of()).exitStatus()).isEqualTo(1);
        again.exec("rm", "/var/tmp/stopped-in-order", "/var/tmp/disk").orThrow();
        testbed.stop(List.of("stop1"));
    }

    @Test
    void upWaitsForALauncherThatIsSlowToBecomeSystemdNspawn() throws Exception {
        Testbed.up(PROJECT, List.of("race1")).kill("race1");
        // The launcher opens console.log before it execs anything: as a FIFO that nobody reads for 3 s, it holds the
        // launcher in that window (a fresh machine's cold disk or a busy one did the same, for less time). Recording
        // $! as the host's pid made the liveness check see "race1 stopped while booting" there, and left it running.
        Path console = HOSTS.resolve("race1/console.log");
        Files.delete(console);
        assertThat(run(List.of("mkfifo", console.toString()), Map.of()).exitStatus()).isZero();
        Thread reader = new Thread(() -> drainAfter(console, 3_000));
        reader.setDaemon(true);
        reader.start();
        try {
            Result up = run(List.of(TESTBED.toString(), "up", "race1"), Map.of());

            assertThat(up.exitStatus()).as(up.output()).isZero();
            assertThat(Testbed.up(PROJECT, List.of("race1")).host("race1").exec("hostname").orThrow().stdout().strip())
                    .isEqualTo("race1");
        } finally {
            run(List.of(TESTBED.toString(), "kill", "race1"), Map.of());
            Files.deleteIfExists(console);
        }
    }

    @Test
    void aFailedUpStopsAndRemovesTheHostItMade() throws Exception {
        Result up = run(List.of(TESTBED.toString(), "up", "fail1"), Map.of("SPEEDY_TESTBED_SSH_WAIT_SECONDS", "0"));

        assertThat(up.exitStatus()).as(up.output()).isEqualTo(1);
        assertThat(up.output()).contains("fail1 did not accept ssh within 0 s");
        assertNothingRunsOf("fail1");
        assertThat(HOSTS.resolve("fail1")).doesNotExist();
        assertThat(Files.readString(Path.of("/var/lib/speedy-testbed/known_hosts"))).doesNotContain("fail1");
    }

    @Test
    void aFailedUpOfAKilledHostLeavesItStoppedWithItsDiskAndALaterUpBootsIt() throws Exception {
        Testbed.up(PROJECT, List.of("fail2")).host("fail2").exec("touch", "/root/kept").orThrow();
        run(List.of(TESTBED.toString(), "kill", "fail2"), Map.of());

        Result up = run(List.of(TESTBED.toString(), "up", "fail2"), Map.of("SPEEDY_TESTBED_SSH_WAIT_SECONDS", "0"));

        assertThat(up.exitStatus()).as(up.output()).isEqualTo(1);
        assertNothingRunsOf("fail2");
        assertThat(HOSTS.resolve("fail2/upper/root/kept")).exists();
        TestbedHost back = Testbed.up(PROJECT, List.of("fail2")).host("fail2");
        assertThat(back.exec("test", "-f", "/root/kept").exitStatus()).isZero();
    }

    /** No process, mount, network namespace, veth or cgroup of the host is left. */
    private static void assertNothingRunsOf(String name) throws IOException {
        List<String> processes = new ArrayList<>();
        try (Stream<Path> proc = Files.list(Path.of("/proc"))) {
            for (Path pid : proc.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                List<String> args = List.of(readOrEmpty(pid.resolve("cmdline")).split("\0"));
                int m = args.indexOf("-M");
                if (m >= 0 && m + 1 < args.size() && args.get(m + 1).equals(name)) {
                    processes.add(pid.getFileName() + " " + String.join(" ", args));
                }
            }
        }
        assertThat(processes).as("processes of " + name).isEmpty();
        assertThat(Files.readString(Path.of("/proc/mounts"))).as("mounts").doesNotContain("/hosts/" + name + "/");
        assertThat(Path.of("/run/netns/spdtb-" + name)).doesNotExist();
        assertThat(Path.of("/sys/class/net/vtb-" + name)).doesNotExist();
        for (String hierarchy : List.of("/sys/fs/cgroup/systemd", "/sys/fs/cgroup/unified", "/sys/fs/cgroup")) {
            assertThat(Path.of(hierarchy, "speedy-testbed", name)).doesNotExist();
        }
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException gone) {
            return "";
        }
    }

    private static void drainAfter(Path fifo, long millis) {
        try {
            Thread.sleep(millis);
            try (InputStream in = Files.newInputStream(fifo)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
        } catch (IOException | InterruptedException e) {
            // The test's assertions report what went wrong; a reader cut short changes nothing there.
        }
    }

    private record Result(int exitStatus, String output) {}

    private static Result run(List<String> argv, Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessResult result = LocalCommand.of(argv).withEnvironment(environment).withStderrMerged()
                .withTimeout(Duration.ofMinutes(5)).run();
        return new Result(result.exitStatus(), result.stdoutText());
    }
}
