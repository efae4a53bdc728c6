package com.speedy.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.process.LocalCommand;
import com.speedy.push.cli.Push;
import com.speedy.repo.serve.RepositoryServer;
import com.speedy.testbed.Testbed;
import com.speedy.testbed.TestbedHost;
import com.speedy.testbed.TestbedHosts;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * push as an operator runs it, against real hosts (testbed) and a repository that repo-tool published and serves on
 * the testbed bridge: a small package with a systemd service, in a good version, a newer one, and one whose postinst
 * fails.
 */
@TestbedHosts({"host1", "host2"})
class PushIT {
    private static final String BRIDGE_ADDRESS = "10.213.7.1";
    private static final String PACKAGE = "pushtest";

    @TempDir
    Path dir;

    private Path repo;
    private HttpServer server;
    private Testbed testbed;
    private TestbedHost host1;
    private TestbedHost host2;

    @BeforeEach
    void publishAndServe(Testbed testbed) throws Exception {
        this.testbed = testbed;
        host1 = testbed.host("host1");
        host2 = testbed.host("host2");
        repo = dir.resolve("apt");
        SleeperPackage.initRepository(repo);
        publish("1.0-1", false);
        server = RepositoryServer.start(repo, BRIDGE_ADDRESS, 0);
        SleeperPackage.forget(PACKAGE, BRIDGE_ADDRESS, host1, host2);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aFreshHostGetsTheSourceInstallsUpgradesIsRolledBackFromABrokenVersionAndRemoves() throws Exception {
        Path inventory = inventory(knownHosts(), "");

        PushRun source = push("apt-source", "host1", "-i", inventory.toString());
        assertThat(source.exitCode()).as(source.out()).isZero();
        assertThat(host1.read("/etc/apt/sources.list.d/speedy.sources")).contains("Signed-By: /etc/apt/keyrings/speedy.gpg");
        PushRun sourceAgain = push("apt-source", "host1", "-i", inventory.toString());
        assertThat(sourceAgain.exitCode()).as(sourceAgain.out()).isZero();
        assertThat(sourceAgain.out()).containsPattern("host1\\s+ok\\s+unchanged: source http://");

        PushRun install = push("install", PACKAGE, "host1", "-i", inventory.toString());
        assertThat(install.exitCode()).as(install.out()).isZero();
        assertThat(installed(host1)).isEqualTo("1.0-1 ii");
        assertThat(host1.exec("systemctl", "is-active", PACKAGE).stdout().strip()).isEqualTo("active");

        PushRun status = push("status", "host1", "-i", inventory.toString(), "--json");
        assertThat(status.exitCode()).as(status.out()).isZero();
        assertThat(status.out()).contains("\"name\" : \"" + PACKAGE + "\"", "\"installed\" : \"1.0-1\"",
                "\"units\" : \"" + PACKAGE + ".service=running\"");

        publish("1.1-1", false);
        PushRun upgrade = push("upgrade", "host1", "-i", inventory.toString());
        assertThat(upgrade.exitCode()).as(upgrade.out()).isZero();
        assertThat(upgrade.out()).contains(PACKAGE + " 1.0-1 -> 1.1-1");
        assertThat(installed(host1)).isEqualTo("1.1-1 ii");

        publish("1.2-1", true);
        PushRun broken = push("upgrade", "host1", "-i", inventory.toString());
        assertThat(broken.exitCode()).as(broken.out()).isEqualTo(Push.SOME_FAILED);
        assertThat(broken.out()).containsPattern("host1\\s+failed\\s+.*rolled back: back to " + PACKAGE + "=1.1-1");
        assertThat(installed(host1)).isEqualTo("1.1-1 ii");
        assertThat(host1.exec("systemctl", "is-active", PACKAGE).stdout().strip()).isEqualTo("active");

        PushRun remove = push("remove", PACKAGE, "host1", "-i", inventory.toString());
        assertThat(remove.exitCode()).as(remove.out()).isZero();
        assertThat(installed(host1)).isEqualTo("1.1-1 rc");
    }

    @Test
    void dryRunChangesNothingOnAnyHost() throws Exception {
        Path inventory = inventory(knownHosts(), "");
        assertThat(push("apt-source", "--all", "-i", inventory.toString()).exitCode()).isZero();
        String before1 = dpkgState(host1);
        String before2 = dpkgState(host2);

        PushRun dryRun = push("install", PACKAGE, "host1", "host2", "--dry-run", "-i", inventory.toString());

        assertThat(dryRun.exitCode()).as(dryRun.out()).isZero();
        assertThat(dryRun.out()).contains("host1: would change " + PACKAGE + " (new) -> 1.0-1");
        assertThat(dpkgState(host1)).isEqualTo(before1);
        assertThat(dpkgState(host2)).isEqualTo(before2);
    }

    @Test
    void aHostWhoseKeyChangedIsRefusedUntouchedAndADownHostFailsInBoundedTimeWhileTheOthersSucceed()
            throws Exception {
        assertThat(push("apt-source", "host1", "-i", inventory(knownHosts(), "").toString()).exitCode()).isZero();
        // host2's recorded key replaced by another key: a man in the middle, or a reinstalled host.
        Path otherKey = dir.resolve("other");
        LocalCommand.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", otherKey.toString()).run().orThrow();
        String forged = Files.readString(Path.of(otherKey + ".pub")).split(" ")[0] + " "
                + Files.readString(Path.of(otherKey + ".pub")).split(" ")[1];
        StringBuilder known = new StringBuilder();
        for (String line : Files.readAllLines(knownHosts())) {
            known.append(line.startsWith(host2.address() + " ") ? host2.address() + " " + forged : line).append('\n');
        }
        Path changed = Files.writeString(dir.resolve("known_hosts"), known);
        // A host that is down: an address on the testbed bridge where nothing answers.
        Path inventory = inventory(changed, "  gone:\n    address: 10.213.7.250\n");

        long started = System.nanoTime();
        PushRun install = push("install", PACKAGE, "host1", "host2", "gone", "-i", inventory.toString());
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;

        assertThat(install.exitCode()).as(install.out()).isEqualTo(Push.SOME_FAILED);
        assertThat(install.out()).containsPattern("host2\\s+unreachable\\s+.*SHA256:")
                .containsPattern("gone\\s+unreachable").containsPattern("host1\\s+changed");
        assertThat(seconds).as("the down host fails within the connect timeout (3 s), not a TCP default").isLessThan(60);
        assertThat(installed(host2)).isEmpty();
        assertThat(host2.exec("test", "-e", "/etc/apt/sources.list.d/speedy.sources").exitStatus()).isNotZero();

        // push trust shows the key host2 really offers (as its own ssh-keygen prints it) and records it on request.
        String realFingerprint = host2.exec("ssh-keygen", "-lf", "/etc/ssh/ssh_host_ed25519_key.pub").orThrow()
                .stdout().split(" ")[1];
        PushRun trust = push("trust", "host2", "-i", inventory.toString());
        assertThat(trust.out()).contains("ssh-ed25519 " + realFingerprint + ", CHANGED");
        assertThat(push("trust", "host2", "--record", "-i", inventory.toString()).exitCode()).isZero();
        PushRun afterTrust = push("apt-source", "host2", "-i", inventory.toString());
        assertThat(afterTrust.exitCode()).as(afterTrust.out()).isZero();
    }

    @Test
    void aMistypedPackageIsRefusedBeforeAnythingAndAnotherProcesssDpkgLockIsWaitedForNamedAndNeverRolledBack()
            throws Exception {
        Path inventory = inventory(knownHosts(), "");
        assertThat(push("apt-source", "host1", "-i", inventory.toString()).exitCode()).isZero();

        // pushtset: a package neither the inventory nor the repository knows; refused on every host, before any change.
        PushRun typo = push("install", PACKAGE, "pushtset", "host1", "-i", inventory.toString());
        assertThat(typo.exitCode()).as(typo.out()).isEqualTo(Push.BAD_INPUT);
        assertThat(typo.out()).contains("no host, group or package named pushtset (did you mean " + PACKAGE + "?)");
        assertThat(installed(host1)).isEmpty();

        // A lock held for 8 s: push says who holds it while apt waits, then installs.
        String holder = holdDpkgLock(host1, 8);
        PushRun waited = push("install", PACKAGE, "host1", "-i", inventory.toString());
        assertThat(waited.exitCode()).as(waited.out()).isZero();
        assertThat(waited.out()).contains("host1: waiting for the dpkg lock, held by process " + holder + " (python3)");
        assertThat(installed(host1)).isEqualTo("1.0-1 ii");

        // A lock held for longer than --lock-timeout: nothing changed, and nothing is "rolled back".
        publish("1.1-1", false);
        holder = holdDpkgLock(host1, 120);
        try {
            String before = dpkgState(host1);
            PushRun timedOut = push("upgrade", "host1", "--lock-timeout", "3", "-i", inventory.toString());
            assertThat(timedOut.exitCode()).as(timedOut.out()).isEqualTo(Push.SOME_FAILED);
            assertThat(timedOut.out()).containsPattern("host1\\s+failed\\s+the dpkg lock was held by process " + holder
                    + " \\(python3\\) for more than 3 s; apt gave up waiting and nothing changed \\(nothing rolled back\\)")
                    .doesNotContain("rolling back");
            assertThat(dpkgState(host1)).isEqualTo(before);
        } finally {
            host1.exec("kill", holder);
        }
    }

    @Test
    void aConnectionLostWhileAptRunsIsUnknownUntilReconnectingShowsDpkgFinishedTheUpgrade() throws Exception {
        Path inventory = inventory(knownHosts(), "");
        assertThat(push("apt-source", "host1", "-i", inventory.toString()).exitCode()).isZero();
        assertThat(push("install", PACKAGE, "host1", "-i", inventory.toString()).exitCode()).isZero();
        // 1.1-1's postinst says when it starts, then takes 10 s: the link goes down meanwhile.
        publish("1.1-1", "touch /run/pushtest-configuring\nsleep 10\n");
        host1.exec("rm", "-f", "/run/pushtest-configuring").orThrow();

        CompletableFuture<PushRun> upgrade = CompletableFuture.supplyAsync(
                () -> push("upgrade", "host1", "-i", inventory.toString()));
        long waitUntil = System.nanoTime() + 120_000_000_000L;
        while (host1.exec("test", "-e", "/run/pushtest-configuring").exitStatus() != 0) {
            assertThat(System.nanoTime()).as("the postinst started").isLessThan(waitUntil);
            Thread.sleep(200);
        }
        try {
            // Longer than push's keepalives take to call the connection lost (3 x 5 s); apt ends meanwhile.
            testbed.link("host1", false);
            Thread.sleep(35_000);
        } finally {
            testbed.link("host1", true);
        }
        PushRun run = upgrade.get(3, TimeUnit.MINUTES);

        assertThat(run.out()).contains("host1: connection lost while apt ran (").contains("outcome UNKNOWN");
        assertThat(run.exitCode()).as(run.out()).isZero();
        assertThat(run.out()).containsPattern("host1\\s+changed\\s+" + PACKAGE + " 1.0-1 -> 1.1-1 \\(the connection was"
                + " lost while apt ran; on reconnecting, dpkg shows the planned versions\\)");
        assertThat(installed(host1)).isEqualTo("1.1-1 ii");
    }

    /**
     * Holds dpkg's frontend lock on {@code host} for {@code seconds} as apt does, with fcntl (flock would not stop
     * apt); returns the holder's process id once it holds it.
     */
    private static String holdDpkgLock(TestbedHost host, int seconds) throws InterruptedException {
        String pid = host.exec("sh", "-c", "rm -f /run/dpkg-lock-held; setsid python3 -c 'import fcntl, time;"
                + " f = open(\"/var/lib/dpkg/lock-frontend\", \"a\"); fcntl.lockf(f, fcntl.LOCK_EX);"
                + " open(\"/run/dpkg-lock-held\", \"w\").close(); time.sleep(" + seconds + ")'"
                + " </dev/null >/dev/null 2>&1 & echo $!").orThrow().stdout().strip();
        for (int i = 0; host.exec("test", "-e", "/run/dpkg-lock-held").exitStatus() != 0; i++) {
            assertThat(i).as("the lock holder took the lock").isLessThan(100);
            Thread.sleep(100);
        }
        return pid;
    }

    /** The inventory as an operator writes it: the testbed's hosts, the repository, ssh with testbed's key. */
    private Path inventory(Path knownHosts, String moreHosts) throws IOException {
        String text = "repository:\n"
                + "  url: http://" + BRIDGE_ADDRESS + ":" + server.getAddress().getPort() + "/\n"
                + "  suite: dev\n"
                + "  keyring: " + repo.resolve("conf/archive-keyring.gpg") + "\n"
                + TestbedInventory.ssh(knownHosts, "  connect_timeout: 3s\n  command_timeout: 5m\n")
                + "groups:\n"
                + "  app:\n"
                + "    packages: [" + PACKAGE + "]\n"
                + "hosts:\n"
                + "  host1:\n    address: " + host1.address() + "\n    groups: [app]\n"
                + "  host2:\n    address: " + host2.address() + "\n    groups: [app]\n"
                + moreHosts;
        return Files.writeString(dir.resolve("inventory.yaml"), text);
    }

    private static Path knownHosts() {
        return TestbedInventory.knownHosts();
    }

    private static String installed(TestbedHost host) {
        return host.exec("dpkg-query", "-W", "-f=${Version} ${db:Status-Abbrev}", PACKAGE).stdout().strip();
    }

    private static String dpkgState(TestbedHost host) {
        return host.exec("dpkg-query", "-W", "-f=${Package} ${Version} ${db:Status-Abbrev}\\n").orThrow().stdout();
    }

    /** Builds and publishes {@code pushtest_VERSION}: a service that sleeps; a broken one's postinst fails. */
    private void publish(String version, boolean brokenPostinst) throws Exception {
        publish(version, brokenPostinst ? "echo 'postinst: deliberately broken' >&2\nexit 1\n" : "");
    }

    /** Builds and publishes {@code pushtest_VERSION}, its postinst starting with {@code postinstFirst}. */
    private void publish(String version, String postinstFirst) throws Exception {
        SleeperPackage.publish(dir, repo, PACKAGE, version, postinstFirst);
    }

    /** push with the log folder in the test's files (for the commands that change hosts); -i is given by each call. */
    private PushRun push(String... args) {
        return PushRun.of(List.of("status", "trust").contains(args[0]) ? List.of()
                : List.of("--log-dir", dir.resolve("logs").toString()), args);
    }
}
