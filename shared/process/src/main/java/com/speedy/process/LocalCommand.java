package com.speedy.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A program to run on this machine: its argv (never a shell string), the bytes for its standard input (none by
 * default: it reads end-of-file at once), its working directory, variables added to the inherited environment, and a
 * deadline (one minute unless told). Immutable; each {@code with...} returns a new command.
 *
 * <p>stdout and stderr go to private temporary files, not pipes, so that nothing here waits for end-of-file: a child
 * that leaves a grandchild holding its stdout still ends the wait when it exits, and the deadline fires whatever its
 * descendants do. The price: output a leftover grandchild writes after the child exits is not in the result.
 */
public final class LocalCommand {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(1);
    /** After SIGKILL a process ends at once; this only bounds the wait for the kernel to report it. */
    private static final Duration REAP_TIMEOUT = Duration.ofSeconds(10);

    private final List<String> argv;
    private final byte[] stdin;
    private final Optional<Path> directory;
    private final Map<String, String> environment;
    private final Duration timeout;
    private final boolean stderrMerged;

    private LocalCommand(List<String> argv, byte[] stdin, Optional<Path> directory, Map<String, String> environment,
            Duration timeout, boolean stderrMerged) {
        this.argv = List.copyOf(argv);
        ShellQuoting.render(this.argv); // refuses an empty argv and a NUL here, not when it runs
        this.stdin = stdin.clone();
        this.directory = Objects.requireNonNull(directory);
        this.environment = Map.copyOf(environment);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a command's timeout must be above zero, not " + timeout);
        }
        this.timeout = timeout;
        this.stderrMerged = stderrMerged;
    }

    public static LocalCommand of(String... argv) {
        return of(Arrays.asList(argv));
    }

    public static LocalCommand of(List<String> argv) {
        return new LocalCommand(argv, new byte[0], Optional.empty(), Map.of(), DEFAULT_TIMEOUT, false);
    }

    /** The same command with these bytes (a copy) as its standard input. */
    public LocalCommand withStdin(byte[] input) {
        return new LocalCommand(argv, input, directory, environment, timeout, stderrMerged);
    }

    public LocalCommand inDirectory(Path workingDirectory) {
        return new LocalCommand(argv, stdin, Optional.of(workingDirectory), environment, timeout, stderrMerged);
    }

    /** The same command with these variables added to (or replacing ones of) the environment this JVM has. */
    public LocalCommand withEnvironment(Map<String, String> additions) {
        Map<String, String> merged = new LinkedHashMap<>(environment);
        merged.putAll(additions);
        return new LocalCommand(argv, stdin, directory, merged, timeout, stderrMerged);
    }

    public LocalCommand withTimeout(Duration deadline) {
        return new LocalCommand(argv, stdin, directory, environment, deadline, stderrMerged);
    }

    /** The same command with stderr written into stdout, interleaved as the child wrote them; stderr is then empty. */
    public LocalCommand withStderrMerged() {
        return new LocalCommand(argv, stdin, directory, environment, timeout, true);
    }

    public List<String> argv() {
        return argv;
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * Runs the command and waits for it to exit or for its deadline. A non-zero exit status is returned, not thrown:
     * {@link ProcessResult#orThrow()} is there for callers to whom it is a failure.
     *
     * @throws ProcessNotStartedException if the program cannot be started (missing, not executable, bad directory)
     * @throws ProcessTimeoutException if the deadline passed; the process and its descendants are then killed
     * @throws InterruptedException if interrupted while waiting; the process and its descendants are then killed
     */
    public ProcessResult run() throws ProcessException, InterruptedException {
        Path in = null;
        Path out = null;
        Path err = null;
        try {
            in = Files.createTempFile("speedy-process-", ".in");
            out = Files.createTempFile("speedy-process-", ".out");
            err = stderrMerged ? null : Files.createTempFile("speedy-process-", ".err");
            Files.write(in, stdin);
            ProcessBuilder builder = new ProcessBuilder(argv).redirectInput(in.toFile()).redirectOutput(out.toFile());
            if (stderrMerged) {
                builder.redirectErrorStream(true);
            } else {
                builder.redirectError(err.toFile());
            }
            directory.ifPresent(dir -> builder.directory(dir.toFile()));
            builder.environment().putAll(environment);
            Process process = start(builder);
            await(process);
            return new ProcessResult(argv, process.exitValue(), Files.readAllBytes(out),
                    err == null ? new byte[0] : Files.readAllBytes(err));
        } catch (ProcessException e) {
            throw e;
        } catch (IOException e) {
            throw new ProcessException(argv, "running " + String.join(" ", argv) + " failed: " + e.getMessage(), e);
        } finally {
            deleteQuietly(in);
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private Process start(ProcessBuilder builder) throws ProcessNotStartedException {
        try {
            return builder.start();
        } catch (IOException e) {
            // the JDK's message names the program and the reason: Cannot run program "x": error=2, No such file ...
            throw new ProcessNotStartedException(argv, e);
        }
    }

    private void await(Process process) throws ProcessTimeoutException, InterruptedException {
        boolean exited;
        try {
            exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            killTree(process);
            throw e;
        }
        if (!exited) {
            killTree(process);
            throw new ProcessTimeoutException(argv, timeout);
        }
    }

    /** Kills the process and every descendant it has now: a grandchild would otherwise live on after the deadline. */
    private static void killTree(Process process) throws InterruptedException {
        // listed before the parent dies: its orphans are re-parented and no longer its descendants
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(REAP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a leftover temporary file is not worth failing the command over
            }
        }
    }

    /** The argv as a shell would read it, for messages and logs. */
    @Override
    public String toString() {
        return ShellQuoting.render(argv);
    }
}
