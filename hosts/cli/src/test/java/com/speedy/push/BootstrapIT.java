package com.speedy.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.process.LocalCommand;
import com.speedy.process.ProcessResult;
import com.speedy.push.cli.Push;
import com.speedy.push.sudo.RootScript;
import com.speedy.push.sudo.SudoHelper;
import com.speedy.repo.serve.RepositoryServer;
import com.speedy.testbed.Testbed;
import com.speedy.testbed.TestbedHost;
import com.speedy.testbed.TestbedHosts;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * push bootstrap on testbed hosts as they boot: root's ssh login with testbed's key, no deploy user, no repository.
 * Each host is bootstrapped once per testbed (root's login is refused afterwards); the checks then go through the
 * deploy user and sudo.
 */
@TestbedHosts({"boot1", "boot2"})
class BootstrapIT {
    private static final String BRIDGE_ADDRESS = "10.213.7.1";
    private static final String PACKAGE = "sleeper";
    private static final Duration CONFIRM_WITHIN = Duration.ofSeconds(20);
    private static final String ROLLBACK_TIMER = RootScript.Sshd.ROLLBACK_UNIT + ".timer";
    private static final String DEPLOY = "deploy";
    /** What a refused command must leave as it was: every file's path, size, time, mode, owner and link target. */
    private static final String FINGERPRINT = "find /etc /home /root -xdev -printf '%p %s %T@ %m %u:%g %l\\n'"
            + " | sort | sha256sum";

    @TempDir
    Path dir;

    private Path repo;
    private HttpServer server;
    private TestbedHost boot1;
    private TestbedHost boot2;

    @BeforeEach
    void publishAndServe(Testbed testbed) throws Exception {
        boot1 = testbed.host("boot1");
        boot2 = testbed.host("boot2");
        repo = dir.resolve("apt");
        SleeperPackage.initRepository(repo);
        SleeperPackage.publish(dir, repo, PACKAGE, "1.0-1", "");
        server = RepositoryServer.start(repo, BRIDGE_ADDRESS, 0);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aBareHostBecomesAHostPushReachesAsItsDeployUserOnlyAndASecondRunChangesNothing() throws Exception {
        Path inventory = inventory(List.of(TestbedInventory.key()), "boot1", boot1);
        asInstalled(boot1);
        assertThat(authMethods(boot1)).as("a fresh Debian sshd takes passwords").isEqualTo("publickey,password");
        String before = fingerprint(boot1);

        PushRun dryRun = push("bootstrap", "boot1", "--dry-run", "-i", inventory.toString());
        assertThat(dryRun.exitCode()).as(dryRun.out()).isZero();
        assertThat(dryRun.out()).contains("boot1: would change: user deploy",
                "boot1: would change: sudo rights of deploy", "boot1: would change: time zone Europe/Berlin",
                "boot1: would change: sshd: keys only, no root login, only deploy",
                "boot1: would change: the repository's source entry");
        assertThat(fingerprint(boot1)).as("a dry run changes nothing").isEqualTo(before);

        long started = System.nanoTime();
        PushRun bootstrap = push("bootstrap", "boot1", "-i", inventory.toString());
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        assertThat(bootstrap.exitCode()).as(bootstrap.out()).isZero();
        assertThat(bootstrap.out()).containsPattern("boot1\\s+changed\\s+user deploy, authorized_keys of deploy")
                .contains("boot1: logging in again as deploy to prove the new settings");
        System.out.println("BootstrapIT bootstrap of a bare host in " + seconds + " s:\n" + bootstrap.out());

        // root is refused even with its key, passwords are not offered, the deploy user gets in and has sudo.
        ProcessResult asRoot = ssh("root", boot1, "true");
        assertThat(asRoot.exitStatus()).isEqualTo(255);
        assertThat(asRoot.stderrText()).contains("Permission denied (publickey)");
        assertThat(authMethods(boot1)).isEqualTo("publickey");
        TestbedHost deploy = boot1.loggedInAs(DEPLOY);
        assertThat(deploy.exec("id", "-u").orThrow().stdout().strip()).isEqualTo("0");
        // Its sudo is narrow: no shell (a test looks at the host from inside instead).
        assertThat(deploy.exec("sh", "-c", "id -u").exitStatus()).isNotZero();
        TestbedHost inside = boot1.inside();
        assertThat(inside.exec("stat", "-c", "%a %U", SudoHelper.PATH).stdout().strip()).isEqualTo("755 root");
        assertThat(deploy.exec("readlink", "/etc/localtime").stdout().strip())
                .isEqualTo("/usr/share/zoneinfo/Europe/Berlin");
        assertThat(deploy.read("/etc/default/locale")).isEqualTo("LANG=C.UTF-8\n");
        assertThat(inside.exec("stat", "-c", "%a %U", "/etc/sudoers.d/speedy-push").stdout().strip())
                .isEqualTo("440 root");
        assertThat(deploy.exec("apt-config", "dump", "Unattended-Upgrade::Origins-Pattern").stdout())
                .contains("label=Debian-Security").doesNotContain("label=Debian\"");

        // push now works as the deploy user: the source entry is there, an install goes through sudo.
        PushRun install = push("install", PACKAGE, "boot1", "-i", inventory.toString());
        assertThat(install.exitCode()).as(install.out()).isZero();
        assertThat(deploy.exec("systemctl", "is-active", PACKAGE).stdout().strip()).isEqualTo("active");

        String bootstrapped = fingerprint(inside);
        PushRun again = push("bootstrap", "boot1", "-i", inventory.toString());
        assertThat(again.exitCode()).as(again.out()).isZero();
        assertThat(again.out()).containsPattern("boot1\\s+ok\\s+unchanged: bootstrapped");
        assertThat(fingerprint(inside)).as("a second bootstrap changes no file").isEqualTo(bootstrapped);
    }

    @Test
    void aHostThatCannotBeBootstrappedIsLeftAsItWasAndSshdThatWouldLockPushOutIsPutBack() throws Exception {
        asInstalled(boot2);
        // No login: the inventory's key is not root's.
        Path otherKey = dir.resolve("other");
        LocalCommand.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", otherKey.toString()).run().orThrow();
        Path strangers = inventory(List.of(otherKey), "boot2", boot2);
        assertRefused(strangers, "neither deploy nor root accepted push's keys");

        Path inventory = inventory(List.of(TestbedInventory.key()), "boot2", boot2);
        // Not Debian.
        boot2.exec("sh", "-c", "cp --remove-destination /usr/lib/os-release /etc/os-release"
                + " && sed -i 's/^ID=debian/ID=ubuntu/' /etc/os-release").orThrow();
        assertRefused(inventory, "not Debian (/etc/os-release says ID=ubuntu)");
        boot2.exec("ln", "-sfn", "../usr/lib/os-release", "/etc/os-release").orThrow();
        // A sudoers that visudo -c rejects as it is.
        boot2.exec("sh", "-c", "echo 'this is not sudoers' > /etc/sudoers.d/zz-broken"
                + " && chmod 0440 /etc/sudoers.d/zz-broken").orThrow();
        assertRefused(inventory, "visudo -c rejects the host's sudoers as it is, before any change");
        boot2.exec("rm", "/etc/sudoers.d/zz-broken").orThrow();
        // A time zone the host does not have.
        assertRefused(inventory(List.of(TestbedInventory.key()), "boot2", boot2, "Mars/Olympus_Mons"),
                "bootstrap.timezone Mars/Olympus_Mons is not a time zone on this host");

        // A deploy user that logs in but cannot run anything (its shell is nologin): the proof after sshd's reload
        // fails, and sshd's settings are put back, so root still gets in.
        boot2.exec("useradd", "--create-home", "--shell", "/usr/sbin/nologin", DEPLOY).orThrow();
        PushRun lockedOut = push("bootstrap", "boot2", "-i", inventory.toString());
        assertThat(lockedOut.exitCode()).as(lockedOut.out()).isEqualTo(Push.SOME_FAILED);
        assertThat(lockedOut.out()).contains("logging in again as deploy")
                .contains("sshd's settings were put back as they were");
        assertThat(boot2.exec("test", "-e", "/etc/ssh/sshd_config.d/00-speedy-push.conf").exitStatus()).isNotZero();
        assertThat(boot2.exec("sh", "-c", "sshd -T | grep -i '^permitrootlogin'").orThrow().stdout().strip())
                .isEqualTo("permitrootlogin without-password");
        assertThat(authMethods(boot2)).isEqualTo("publickey,password");

        // push killed during sshd's change (the drop-in written, sshd reloaded or not, nothing proven): the host's
        // timer puts the old settings back by itself, so root gets in again.
        boot2.exec("usermod", "--shell", "/bin/bash", DEPLOY).orThrow();
        TestbedHost inside = boot2.inside();
        killDuringSshd(inventory, "killed1.out");
        long killedAt = System.nanoTime();
        String rolledBack = "for i in $(seq 1 400); do [ -e " + RootScript.Sshd.DROP_IN + " ] || exit 0; sleep 0.1;"
                + " done; exit 1";
        assertThat(inside.exec("sh", "-c", rolledBack).exitStatus()).as("the rollback timer ran").isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).as("within its bound")
                .isLessThan(CONFIRM_WITHIN.plusSeconds(3));
        awaitSshd(boot2);
        assertThat(timer(inside)).as("the timer fired").isNotEqualTo("waiting");
        // The drop-in goes first, then the rollback reloads sshd: on a busy machine root's first try can come between.
        assertThat(rootGetsInWithin(boot2, Duration.ofSeconds(15))).as("root gets in again").isZero();

        // Killed again, then run again at once: the next run makes the change anew and proves it, and stops the
        // timer, which then puts nothing back.
        killDuringSshd(inventory, "killed2.out");
        PushRun finished = push("bootstrap", "boot2", "-i", inventory.toString());
        assertThat(finished.exitCode()).as(finished.out()).isZero();
        assertThat(finished.out()).contains("boot2: logging in again as deploy to prove the new settings");
        assertThat(timer(inside)).as("the timer stopped").isNotEqualTo("waiting");
        Thread.sleep(CONFIRM_WITHIN.plusSeconds(3).toMillis());
        assertThat(ssh("root", boot2, "true").exitStatus()).as("root stays refused").isEqualTo(255);
        assertThat(boot2.loggedInAs(DEPLOY).exec("id", "-u").orThrow().stdout().strip()).isEqualTo("0");
    }

    /** The rollback timer's state: {@code waiting} while armed. */
    private static String timer(TestbedHost host) {
        return host.exec("systemctl", "show", "-P", "SubState", ROLLBACK_TIMER).orThrow().stdout().strip();
    }

    /** Runs bootstrap on boot2 and kills it once sshd's new drop-in is in place, its rollback timer armed. */
    private void killDuringSshd(Path inventory, String output) throws Exception {
        Process killed = PushRun.process(dir.resolve(output), List.of("-i", inventory.toString(), "--log-dir",
                dir.resolve("logs").toString()), "bootstrap", "boot2", "--confirm-within",
                Long.toString(CONFIRM_WITHIN.toSeconds()));
        int armed = boot2.inside().exec("sh", "-c", "for i in $(seq 1 1200); do [ -e " + RootScript.Sshd.DROP_IN
                + " ] && [ \"$(systemctl show -P SubState " + ROLLBACK_TIMER + ")\" = waiting ] && exit 0; sleep 0.02;"
                + " done; exit 1")
                .exitStatus();
        killed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        assertThat(armed).as("bootstrap wrote sshd's drop-in with its rollback armed").isZero();
    }

    /** sshd as Debian installs it, passwords allowed: testbed's hosts turn them off, and bootstrap must. */
    private static void asInstalled(TestbedHost host) throws Exception {
        host.exec("sh", "-c", "rm -f /etc/ssh/sshd_config.d/testbed.conf && systemctl reload ssh").orThrow();
        awaitSshd(host);
    }

    /** Until sshd listens again after a reload (it closes its socket while it runs itself anew). */
    /** The exit status of root's last try to log in, trying again each half second until it succeeds or time is up. */
    private static int rootGetsInWithin(TestbedHost host, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        int status = ssh("root", host, "true").exitStatus();
        while (status != 0 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            status = ssh("root", host, "true").exitStatus();
        }
        return status;
    }

    private static void awaitSshd(TestbedHost host) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host.address(), 22), 1000);
                return;
            } catch (IOException e) {
                assertThat(System.nanoTime()).as("sshd on " + host + " listens again").isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    private void assertRefused(Path inventory, String why) throws Exception {
        String before = fingerprint(boot2);
        PushRun run = push("bootstrap", "boot2", "-i", inventory.toString());
        assertThat(run.exitCode()).as(run.out()).isEqualTo(Push.SOME_FAILED);
        assertThat(run.out()).contains(why);
        assertThat(fingerprint(boot2)).as("refused: " + why).isEqualTo(before);
    }

    private static String fingerprint(TestbedHost host) {
        return host.exec("sh", "-c", FINGERPRINT).orThrow().stdout();
    }

    /** The login methods sshd offers root, as ssh reports them when it tries none. */
    private static String authMethods(TestbedHost host) throws Exception {
        ProcessResult none = ssh("root", host, "true", "-o", "PreferredAuthentications=none");
        String stderr = none.stderrText();
        int open = stderr.indexOf("Permission denied (");
        assertThat(open).as(stderr).isNotNegative();
        return stderr.substring(open + "Permission denied (".length(), stderr.indexOf(')', open));
    }

    private static ProcessResult ssh(String user, TestbedHost host, String command, String... options)
            throws Exception {
        List<String> argv = new ArrayList<>(List.of("ssh", "-i", TestbedInventory.key().toString(),
                "-o", "UserKnownHostsFile=" + TestbedInventory.knownHosts(), "-o", "StrictHostKeyChecking=yes",
                "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "ConnectTimeout=10"));
        argv.addAll(List.of(options));
        argv.addAll(List.of(user + "@" + host.address(), "--", command));
        return LocalCommand.of(argv).run();
    }

    private Path inventory(List<Path> keys, String name, TestbedHost host) throws Exception {
        return inventory(keys, name, host, "Europe/Berlin");
    }

    private Path inventory(List<Path> keys, String name, TestbedHost host, String timezone) throws Exception {
        String text = "repository:\n"
                + "  url: http://" + BRIDGE_ADDRESS + ":" + server.getAddress().getPort() + "/\n"
                + "  suite: dev\n"
                + "  keyring: " + repo.resolve("conf/archive-keyring.gpg") + "\n"
                + "ssh:\n  user: " + DEPLOY + "\n  known_hosts: " + TestbedInventory.knownHosts() + "\n  keys: ["
                + String.join(", ", keys.stream().map(Path::toString).toList()) + "]\n  connect_timeout: 5s\n"
                + "bootstrap:\n  timezone: " + timezone + "\n"
                + "groups:\n  app:\n    packages: [" + PACKAGE + "]\n"
                + "hosts:\n  " + name + ":\n    address: " + host.address() + "\n    groups: [app]\n";
        return Files.writeString(Files.createTempFile(dir, "inventory-", ".yaml"), text);
    }

    private PushRun push(String... args) {
        return PushRun.of(List.of("--log-dir", dir.resolve("logs").toString()), args);
    }
}
