package com.speedy.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One testbed host: a booted Debian system reached over ssh as root, its host key checked against the known_hosts file
 * that testbed wrote from the host's own key files.
 */
public final class TestbedHost {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

    private final String name;
    private final String address;
    private final Path key;
    private final Path knownHosts;

    TestbedHost(String name, String address, Path key, Path knownHosts) {
        this.name = name;
        this.address = address;
        this.key = key;
        this.knownHosts = knownHosts;
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
        return exec(List.of(argv), null, DEFAULT_TIMEOUT);
    }

    /** Runs an argv on the host with a local file as its stdin. */
    public ExecResult execWithInput(Path stdin, String... argv) {
        return exec(List.of(argv), stdin, DEFAULT_TIMEOUT);
    }

    /** Copies a local file to a path on the host (mode 0644). */
    public void upload(Path local, String remotePath) {
        execWithInput(local, "install", "-m", "644", "/dev/stdin", remotePath).orThrow();
    }

    /** Reads a file on the host. */
    public String read(String remotePath) {
        return exec("cat", remotePath).orThrow().stdout();
    }

    private ExecResult exec(List<String> argv, Path stdin, Duration timeout) {
        String command = ShellQuoting.render(argv);
        List<String> ssh = new ArrayList<>(List.of("ssh", "-i", key.toString(),
                "-o", "UserKnownHostsFile=" + knownHosts, "-o", "StrictHostKeyChecking=yes",
                "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes", "-o", "ConnectTimeout=10",
                "-o", "ServerAliveInterval=10", "root@" + address, "--", command));
        ProcessBuilder builder = new ProcessBuilder(ssh);
        builder.redirectInput(stdin == null ? ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())
                : ProcessBuilder.Redirect.from(stdin.toFile()));
        try {
            Process process = builder.start();
            CompletableFuture<String> out = readAsync(process.getInputStream());
            CompletableFuture<String> err = readAsync(process.getErrorStream());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(name + ": `" + command + "` did not finish within " + timeout);
            }
            return new ExecResult(name + ": " + command, process.exitValue(), out.get(), err.get());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        } catch (ExecutionException e) {
            throw new AssertionError("reading the output of " + command, e);
        }
    }

    private static CompletableFuture<String> readAsync(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public String toString() {
        return name + " (" + address + ")";
    }
}
