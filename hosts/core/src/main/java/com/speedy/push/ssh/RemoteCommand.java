package com.speedy.push.ssh;

import com.speedy.process.ShellQuoting;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A command to run on a host: its argv (never a shell string), the bytes to feed its standard input (none by
 * default: it reads end-of-file at once) and how long it may run (else the session's command timeout).
 */
public final class RemoteCommand {
    private final List<String> argv;
    private final byte[] stdin;
    private final Optional<Duration> timeout;

    private RemoteCommand(List<String> argv, byte[] stdin, Optional<Duration> timeout) {
        this.argv = List.copyOf(argv);
        if (this.argv.isEmpty()) {
            throw new IllegalArgumentException("a command needs at least one word");
        }
        ShellQuoting.render(this.argv); // refuses what can't be quoted, here rather than when it runs
        this.stdin = stdin.clone();
        timeout.ifPresent(t -> {
            if (t.isNegative() || t.isZero()) {
                throw new IllegalArgumentException("a command's timeout must be above zero, not " + t);
            }
        });
        this.timeout = timeout;
    }

    public static RemoteCommand of(String... argv) {
        return of(Arrays.asList(argv));
    }

    public static RemoteCommand of(List<String> argv) {
        return new RemoteCommand(argv, new byte[0], Optional.empty());
    }

    public RemoteCommand withStdin(byte[] content) {
        return new RemoteCommand(argv, Objects.requireNonNull(content, "content"), timeout);
    }

    public RemoteCommand withTimeout(Duration limit) {
        return new RemoteCommand(argv, stdin, Optional.of(limit));
    }

    /** Another argv with the same input and timeout. */
    public RemoteCommand withArgv(List<String> other) {
        return new RemoteCommand(other, stdin, timeout);
    }

    /** The same command run by {@code prefix} (e.g. {@code sudo -n --}), with the same input and timeout. */
    public RemoteCommand prefixedWith(List<String> prefix) {
        List<String> words = new ArrayList<>(prefix);
        words.addAll(argv);
        return new RemoteCommand(words, stdin, timeout);
    }

    public List<String> argv() {
        return argv;
    }

    public byte[] stdin() {
        return stdin.clone();
    }

    public Optional<Duration> timeout() {
        return timeout;
    }

    /** What the remote shell is given. */
    public String toShellString() {
        return ShellQuoting.render(argv);
    }

    /** The shell string: what a user would type to run it by hand. */
    @Override
    public String toString() {
        return toShellString();
    }
}
