package com.speedy.testbed;

import com.speedy.process.LocalCommand;
import com.speedy.process.ProcessException;
import com.speedy.process.ProcessResult;
import com.speedy.process.ProcessTimeoutException;
import com.speedy.process.ShellQuoting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One testbed host: a booted Debian system reached over ssh as root (or as another user, through sudo), its host key
 * checked against the known_hosts file that testbed wrote from the host's own key files.
 */
public final class TestbedHost {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    /** The login of {@link #inside}: none. */
    private static final String INSIDE = "";

    private final String name;
    private final String address;
    private final Path key;
    private final Path knownHosts;
    private final String login;
    private final TestbedBackend backend;

    TestbedHost(String name, String address, Path key, Path knownHosts, TestbedBackend backend) {
        this(name, address, key, knownHosts, "root", backend);
    }

    private TestbedHost(String name, String address, Path key, Path knownHosts, String login,
                        TestbedBackend backend) {
        this.name = name;
        this.address = address;
        this.key = key;
        this.knownHosts = knownHosts;
        this.login = login;
        this.backend = backend;
    }

    /**
     * This host entered from this machine, as root, without ssh or sudo (its backend's way in): what a
     * test uses to look at a host whose root login push bootstrap refused and whose deploy user may not run a shell.
     */
    public TestbedHost inside() {
        return new TestbedHost(name, address, key, knownHosts, INSIDE, backend);
    }

    /**
     * This host reached as {@code user} with testbed's key (once push bootstrap has made root's login refused), each
     * command run as root through {@code sudo -n}.
     */
    public TestbedHost loggedInAs(String user) {
        return new TestbedHost(name, address, key, knownHosts, user, backend);
    }

    public String name() {
        return name;
    }

    /** The host's address on the testbed bridge. */
    public String address() {
        return address;
    }

    /** Runs an argv on the host and returns its exit status and output; never throws for a non-zero exit. */
    public ExecResult exec(String... argv) {
        return exec(List.of(argv), new byte[0], DEFAULT_TIMEOUT);
    }

    /** Runs an argv on the host with a local file as its stdin. */
    public ExecResult execWithInput(Path stdin, String... argv) {
        try {
            return exec(List.of(argv), Files.readAllBytes(stdin), DEFAULT_TIMEOUT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a local file to a path on the host (mode 0644). */
    public void upload(Path local, String remotePath) {
        execWithInput(local, "install", "-m", "644", "/dev/stdin", remotePath).orThrow();
    }

    /** Reads a file on the host. */
    public String read(String remotePath) {
        return exec("cat", remotePath).orThrow().stdout();
    }

    /**
     * Every path on the host's root filesystem, sorted, but those that come and go by themselves (logs, caches, runtime
     * and temporary files, the package manager's own records, PostgreSQL's data): what a purge must leave as it found.
     */
    public List<String> files() {
        return exec("sh", "-c", "find / -xdev \\( -path /proc -o -path /sys -o -path /dev -o -path /run"
                + " -o -path /tmp -o -path /var/tmp -o -path /var/log -o -path /var/cache -o -path /var/lib/apt"
                + " -o -path /var/lib/dpkg -o -path /var/lib/systemd/deb-systemd-helper-masked"
                + " -o -path /var/lib/postgresql \\) -prune -o -print | sort").orThrow().stdout().lines().toList();
    }

    private ExecResult exec(List<String> argv, byte[] stdin, Duration timeout) {
        String command = (login.equals("root") || login.equals(INSIDE) ? "" : "sudo -n -- ")
                + ShellQuoting.render(argv);
        List<String> ssh = List.of("ssh", "-i", key.toString(),
                "-o", "UserKnownHostsFile=" + knownHosts, "-o", "StrictHostKeyChecking=yes",
                "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "ConnectTimeout=10",
                "-o", "ServerAliveInterval=10", login + "@" + address, "--", command);
        try {
            List<String> local = login.equals(INSIDE) ? entered(argv) : ssh;
            ProcessResult result = LocalCommand.of(local).withStdin(stdin).withTimeout(timeout).run();
            return new ExecResult(name + ": " + command, result.exitStatus(), result.stdoutText(), result.stderrText());
        } catch (ProcessTimeoutException e) {
            throw new AssertionError(name + ": `" + command + "` did not finish within " + timeout, e);
        } catch (ProcessException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }

    /** {@code argv} run in the host's namespaces, as its systemd's child would run it. */
    private List<String> entered(List<String> argv) {
        List<String> words = new ArrayList<>(backend.enter(name));
        words.addAll(List.of("env", "-i", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "LANG=C.UTF-8", "HOME=/root"));
        words.addAll(argv);
        return words;
    }

    @Override
    public String toString() {
        return name + " (" + address + ")";
    }
}
