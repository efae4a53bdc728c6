package com.speedy.push.ssh;

import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.HostName;
import com.speedy.push.sudo.RootScript;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.Channel;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.connection.channel.direct.Signal;

/**
 * A {@link RemoteSession} over one logged-in sshj client. Each command gets a channel of its own; its standard input
 * is written and its output and errors read on threads of their own, so that no side waits for the other's buffers.
 */
final class SshjSession implements RemoteSession {
    private static final Pattern MODE = Pattern.compile("[0-7]{3,4}");
    private static final Pattern OWNER = Pattern.compile("[a-z_][a-z0-9_-]*:[a-z_][a-z0-9_-]*");

    private final HostName host;
    private final String user;
    private final SSHClient client;
    private final Duration commandTimeout;
    private final Sudo sudo;
    private final ExecutorService streams;
    private final Runnable afterClose;

    /** @param afterClose what else ends with the session: the channel through a bastion, and its use of the bastion */
    SshjSession(Host host, SSHClient client, Duration commandTimeout, Runnable afterClose) {
        this.afterClose = afterClose;
        this.host = host.name();
        this.user = host.user();
        this.client = client;
        this.commandTimeout = commandTimeout;
        this.sudo = Sudo.of(host);
        this.streams = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "push-ssh-" + host.name());
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public Optional<String> loginUser() {
        return Optional.of(user);
    }

    @Override
    public CommandResult run(RemoteCommand command) throws SshException, InterruptedException {
        return run(command, OutputLines.ignored());
    }

    @Override
    public CommandResult run(RemoteCommand command, OutputLines lines) throws SshException, InterruptedException {
        Duration timeout = command.timeout().orElse(commandTimeout);
        long deadline = System.nanoTime() + timeout.toNanos();
        Session session;
        try {
            session = client.startSession();
        } catch (IOException e) {
            throw new ConnectionLostException(host, "opening a channel for " + command, e);
        }
        Session.Command running;
        try {
            running = session.exec(command.toShellString());
        } catch (IOException e) {
            closeQuietly(session);
            throw new ConnectionLostException(host, "starting " + command, e);
        }
        // One receiver for both streams' lines, called from two reader threads: one line at a time.
        OutputLines serial = line -> {
            synchronized (lines) {
                lines.line(line);
            }
        };
        Future<byte[]> stdout = streams.submit(() -> LineSplitter.readAll(running.getInputStream(), serial));
        Future<byte[]> stderr = streams.submit(() -> LineSplitter.readAll(running.getErrorStream(), serial));
        Future<?> stdin = streams.submit(() -> feed(running, command.stdin()));
        boolean overdue = false;
        try {
            byte[] out = await(stdout, deadline);
            byte[] err = await(stderr, deadline);
            awaitQuietly(stdin, deadline);
            running.join(remainingMillis(deadline), TimeUnit.MILLISECONDS);
            running.close();
            Integer status = running.getExitStatus();
            if (status == null) {
                throw new NoExitStatusException(host, command, running.getExitSignal() != null
                        ? "killed by SIG" + running.getExitSignal()
                        : "its channel closed before it reported one");
            }
            return new CommandResult(status, out, err);
        } catch (TimeoutException e) {
            overdue = true;
            throw new CommandTimeoutException(host, command, timeout);
        } catch (ExecutionException | IOException e) {
            if (System.nanoTime() - deadline >= 0) {
                overdue = true;
                throw new CommandTimeoutException(host, command, timeout);
            }
            throw new ConnectionLostException(host, "running " + command,
                    e instanceof ExecutionException ? e.getCause() : e);
        } finally {
            stdout.cancel(true);
            stderr.cancel(true);
            stdin.cancel(true);
            if (overdue) {
                stop(running);
            } else {
                closeQuietly(running);
            }
        }
    }

    @Override
    public void upload(byte[] content, String remotePath, String mode, String owner) throws SshException,
            InterruptedException {
        if (!OWNER.matcher(owner).matches()) {
            throw new IllegalArgumentException("an owner is USER:GROUP such as postgres:postgres, not '" + owner + "'");
        }
        if (!MODE.matcher(mode).matches()) {
            throw new IllegalArgumentException("a file mode is 3 or 4 octal digits such as 0644, not '" + mode + "'");
        }
        if (!remotePath.startsWith("/") || remotePath.endsWith("/")) {
            throw new IllegalArgumentException("upload needs an absolute file path, not '" + remotePath + "'");
        }
        RemoteCommand install = RemoteCommand.of(RootScript.UPLOAD.argv(mode, remotePath, owner))
                .withStdin(content);
        CommandResult result = sudo.run(this, install);
        if (!result.succeeded()) {
            throw new UploadFailedException(host, remotePath, result);
        }
    }

    @Override
    public void close() {
        streams.shutdownNow();
        SshConnector.closeQuietly(client);
        afterClose.run();
    }

    /** Writes all of standard input, then end-of-file; a command that exits without reading it all is no error. */
    private static Void feed(Session.Command running, byte[] input) {
        try (OutputStream in = running.getOutputStream()) {
            in.write(input);
        } catch (IOException e) {
            // the command closed its input or ended first: its exit status says whether that was wrong
        }
        return null;
    }

    private static <T> T await(Future<T> future, long deadline)
            throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
    }

    private static void awaitQuietly(Future<?> future, long deadline) throws InterruptedException, TimeoutException {
        try {
            future.get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // feed() reports nothing
        }
    }

    private static long remainingMillis(long deadline) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    /**
     * Asks for the overdue command's end without waiting for it: SIGTERM to its process group, then the channel's close,
     * in the background. sshd answers the close only once the command has exited, and honours signals only for logins
     * other than root (for root it logs "session signalling requires privilege separation"): the command may run on
     * until it ends or writes to its closed output. The connection stays usable meanwhile.
     */
    private void stop(Session.Command running) {
        try {
            running.signal(Signal.TERM);
        } catch (IOException | RuntimeException e) {
            // the channel may be gone already
        }
        try {
            streams.execute(() -> closeQuietly(running));
        } catch (RejectedExecutionException e) {
            // the session is closing: the connection goes, and the channel with it
        }
    }

    private static void closeQuietly(Channel channel) {
        try {
            channel.close();
        } catch (IOException | RuntimeException e) {
            // closing a channel of a broken connection
        }
    }
}
