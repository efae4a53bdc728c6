package com.speedy.push.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.speedy.process.AwkwardWords;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.SshSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands and uploads through a real sshd, logged in as root with a key file, and as a user without sudo rights. */
class SshjSessionTest {
    @TempDir
    static Path dir;
    static TestSshd sshd;
    static Path key;
    static SshSettings settings;
    /** a throwaway local user without any sudo rule, removed again after the class */
    static String user;

    RemoteSession session;

    @BeforeAll
    static void startSshd() throws Exception {
        sshd = TestSshd.start(dir);
        key = sshd.newAuthorizedKey("ed25519", "id_ed25519");
        Path knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, sshd.knownHostsLine("ed25519") + "\n");
        settings = TestHosts.settings(knownHosts, List.of(key), false);
        user = "pushtest" + ProcessHandle.current().pid();
        Path home = Files.createDirectory(dir.resolve("home-" + user));
        LocalCommands.run("useradd", "--no-create-home", "--home-dir", home.toString(), "--shell", "/bin/sh",
                "--password", "*", "--no-user-group", user);
        LocalCommands.run("chown", user, home.toString());
    }

    @AfterAll
    static void stopSshd() throws Exception {
        try {
            if (user != null) {
                LocalCommands.run("userdel", user);
            }
        } finally {
            if (sshd != null) {
                sshd.close();
            }
        }
    }

    @BeforeEach
    void logIn() throws Exception {
        session = new SshConnector(settings, Optional.empty()).open(TestHosts.host(sshd.port(), "root"));
    }

    @AfterEach
    void logOut() {
        session.close();
    }

    @Test
    void wordsWithSpacesQuotesDollarsSemicolonsAndNewlinesArriveVerbatim() throws Exception {
        List<String> argv = new ArrayList<>(List.of("printf", "%s\\n"));
        argv.addAll(AwkwardWords.ALL);

        CommandResult result = session.run(RemoteCommand.of(argv));

        assertThat(result.exitStatus()).isZero();
        assertThat(result.stdoutText()).isEqualTo(String.join("\n", AwkwardWords.ALL) + "\n");
        assertThat(result.stderrText()).isEmpty();
    }

    @Test
    void standardInputReachesTheCommandAndEndsWithEndOfFile() throws Exception {
        byte[] input = "line one\nline two with 'quotes' and $dollars\n".getBytes(StandardCharsets.UTF_8);
        assertThat(session.run(RemoteCommand.of("cat").withStdin(input)).stdout()).isEqualTo(input);
        assertThat(session.run(RemoteCommand.of("cat")).stdout()).isEmpty();
    }

    @Test
    void aNonZeroExitStatusIsReportedWithItsOutputNotThrownAndNotTakenForSuccess() throws Exception {
        CommandResult result = session.run(RemoteCommand.of("sh", "-c", "echo out; echo err >&2; exit 3"));
        assertThat(result.exitStatus()).isEqualTo(3);
        assertThat(result.succeeded()).isFalse();
        assertThat(result.stdoutText()).isEqualTo("out\n");
        assertThat(result.stderrText()).isEqualTo("err\n");
    }

    @Test
    void aMegabyteOnStandardOutputAndOneOnStandardErrorAtOnceDoNotDeadlock() throws Exception {
        String script = "head -c 1048576 /dev/zero | tr '\\0' o & head -c 1048576 /dev/zero | tr '\\0' e >&2; wait";
        CommandResult result = session.run(RemoteCommand.of("sh", "-c", script).withTimeout(Duration.ofSeconds(15)));
        assertThat(result.exitStatus()).isZero();
        assertThat(result.stdoutText()).hasSize(1 << 20).matches("o+");
        assertThat(result.stderrText()).hasSize(1 << 20).matches("e+");
    }

    /** The remote sleep runs on for its 4 s: sshd signals no root session (see SshjSession.stop). */
    @Test
    void aCommandPastItsTimeoutFailsSoonAfterAndTheSessionGoesOn() throws Exception {
        long start = System.nanoTime();
        assertThatThrownBy(() -> session.run(RemoteCommand.of("sleep", "4").withTimeout(Duration.ofMillis(700))))
                .isInstanceOfSatisfying(CommandTimeoutException.class,
                        e -> assertThat(e.timeout()).isEqualTo(Duration.ofMillis(700)))
                .hasMessage("test-sshd: did not finish within 0.7s: 'sleep' '4'");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(session.run(RemoteCommand.of("echo", "still here")).stdoutText()).isEqualTo("still here\n");
    }

    @Test
    void aCommandKilledByASignalHasNoExitStatusWhichIsAFailure() {
        assertThatThrownBy(() -> session.run(RemoteCommand.of("sh", "-c", "kill -KILL $$")))
                .isInstanceOf(NoExitStatusException.class)
                .hasMessageContaining("killed by SIGKILL");
    }

    @Test
    void uploadWritesTheFileWithItsModeOwnedByRootReplacingWhatWasThere() throws Exception {
        Path target = Files.createDirectory(dir.resolve("etc-" + System.nanoTime())).resolve("speedy.conf");
        Files.writeString(target, "old\n");
        byte[] content = "db = 'primary'\n$not_expanded; `nor this`\n".getBytes(StandardCharsets.UTF_8);

        session.upload(content, target.toString(), "0640");

        assertThat(Files.readAllBytes(target)).isEqualTo(content);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-r-----");
        assertThat(Files.getOwner(target).getName()).isEqualTo("root");
        try (var files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target); // no temporary file left behind
        }
    }

    @Test
    void uploadGivesTheFileItsOwnerBeforeItTakesThePlaceOfTheOldOne() throws Exception {
        Path target = Files.createDirectory(dir.resolve("pg-" + System.nanoTime())).resolve("pg_hba.conf");
        Files.writeString(target, "old\n");
        byte[] content = "local all postgres peer\n".getBytes(StandardCharsets.UTF_8);
        // A watcher reads the file as fast as it can: content first, then owner. Once it has read the new content,
        // the path names the new file, so the owner it reads next is the new file's: never root's.
        java.util.Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    String text = Files.readString(target).strip();
                    seen.add(text + " owned by " + Files.getOwner(target).getName());
                } catch (IOException e) {
                    seen.add("unreadable: " + e);
                }
            }
        });
        watcher.start();
        try {
            for (int i = 0; i < 1000 && seen.isEmpty(); i++) {
                Thread.sleep(1);
            }
            session.upload(content, target.toString(), "0640", "nobody:nogroup");
            Thread.sleep(50);
        } finally {
            watcher.interrupt();
            watcher.join();
        }

        assertThat(Files.getOwner(target).getName()).isEqualTo("nobody");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-r-----");
        assertThat(Files.readAllBytes(target)).isEqualTo(content);
        assertThat(seen).contains("old owned by root", "local all postgres peer owned by nobody")
                .doesNotContain("local all postgres peer owned by root").allMatch(v -> !v.startsWith("unreadable"));
        assertThatThrownBy(() -> session.upload(content, target.toString(), "0640", "nobody; rm -rf /"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void uploadIntoAMissingFolderFailsWithWhatTheHostSaid() {
        String target = dir.resolve("no-such-folder/file").toString();
        assertThatThrownBy(() -> session.upload(new byte[] {1}, target, "0644"))
                .isInstanceOfSatisfying(UploadFailedException.class,
                        e -> assertThat(e.remotePath()).isEqualTo(target))
                .hasMessageContaining("No such file or directory");
        assertThatThrownBy(() -> session.upload(new byte[] {1}, target, "u+rw"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aUserWithoutASudoRightFailsAtOnceNamingTheHostTheUserAndTheCommand() throws Exception {
        Host host = TestHosts.host(sshd.port(), user);
        try (RemoteSession asUser = new SshConnector(settings, Optional.empty()).open(host)) {
            assertThat(asUser.run(RemoteCommand.of("id", "-un")).stdoutText()).isEqualTo(user + "\n");
            long start = System.nanoTime();

            assertThatThrownBy(() -> Sudo.of(host).run(asUser, RemoteCommand.of("systemctl", "restart", "speedy-app")))
                    .isInstanceOfSatisfying(SudoRightMissingException.class,
                            e -> assertThat(e.user()).isEqualTo(user))
                    .hasMessage("test-sshd: user " + user + " may not run as root without a password (sudo -n: a"
                            + " password is required): 'systemctl' 'restart' 'speedy-app'");
            assertThatThrownBy(() -> asUser.upload(new byte[] {1}, "/etc/speedy-test-never-written", "0644"))
                    .isInstanceOf(SudoRightMissingException.class);

            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(Path.of("/etc/speedy-test-never-written")).doesNotExist();
        }
    }

    @Test
    void aKeyTheHostDoesNotAcceptIsAnAuthenticationErrorListingWhatWasOffered() throws Exception {
        Path stranger = LocalCommands.newKey(dir, "ed25519", "stranger_" + System.nanoTime());
        SshSettings strangers = TestHosts.settings(settings.knownHosts(), List.of(stranger), true);
        assertThatThrownBy(() -> new SshConnector(strangers, Optional.empty())
                .open(TestHosts.host(sshd.port(), "root")))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> assertThat(e.offered()).containsExactly(
                        "key file " + stranger + " (ssh-ed25519)", "ssh-agent: none (SSH_AUTH_SOCK is not set)"))
                .hasMessageContaining("root@127.0.0.1 accepted none of the keys");
    }

    @Test
    void aKeyFileInPemFormatIsNamedWithTheCommandThatConvertsItNotReadWithoutBouncyCastle() throws Exception {
        Path pem = dir.resolve("pem_" + System.nanoTime());
        LocalCommands.run("ssh-keygen", "-q", "-t", "rsa", "-m", "PEM", "-N", "", "-f", pem.toString());
        SshSettings pemOnly = TestHosts.settings(settings.knownHosts(), List.of(pem), false);
        assertThatThrownBy(() -> new SshConnector(pemOnly, Optional.empty()).open(TestHosts.host(sshd.port(), "root")))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> assertThat(e.offered()).containsExactly(
                        "key file " + pem + ": in PEM format, not OpenSSH's own format, the one push reads; convert it"
                                + " with: ssh-keygen -p -f " + pem))
                .hasMessageContaining("no key to log in with");
    }

    @Test
    void withoutBouncyCastleOnTheClassPathAsInPushJarTheHandshakeUsesTheJdksProviders() throws Exception {
        // push.jar leaves Bouncy Castle out (hosts/pom.xml); this module's unit tests do too (its surefire settings)
        assertThatThrownBy(() -> Class.forName("org.bouncycastle.jce.provider.BouncyCastleProvider"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThat(session.run(RemoteCommand.of("true")).exitStatus()).isZero();
    }
}
