package com.speedy.push.rollout;

import com.speedy.push.apt.AptCommands;
import com.speedy.push.apt.AptOutput;
import com.speedy.push.apt.Candidates;
import com.speedy.push.apt.Installed;
import com.speedy.push.inventory.Host;
import com.speedy.push.ssh.CommandResult;
import com.speedy.push.ssh.RemoteCommand;
import com.speedy.push.ssh.RemoteSession;
import com.speedy.push.ssh.SessionFactory;
import com.speedy.push.ssh.SshException;
import com.speedy.push.ssh.Sudo;
import java.io.IOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/** What a job can do on one logged-in host: run commands as root, each logged with its whole output. */
public final class HostSteps {
    private static final int LISTS_LOCK_TRIES = 10;
    private static final Duration LISTS_LOCK_WAIT = Duration.ofSeconds(3);

    private static final Duration RECONNECT_PAUSE = Duration.ofSeconds(2);
    private static final Set<String> DPKG_LOCKS = Set.of("/var/lib/dpkg/lock-frontend", "/var/lib/dpkg/lock");

    private final Host host;
    private final RemoteSession first;
    private final SessionFactory sessions;
    private final HostLog log;
    private final Path logFile;
    private final Rollout.Console console;
    /** The session commands go to: the first one, until {@link #reconnect} replaces a lost one. */
    private RemoteSession session;

    HostSteps(Host host, RemoteSession session, SessionFactory sessions, HostLog log, Path logFile,
            Rollout.Console console) {
        this.host = host;
        this.first = session;
        this.session = session;
        this.sessions = sessions;
        this.log = log;
        this.logFile = logFile;
        this.console = console;
    }

    /**
     * Logs in again after the connection was lost, trying until {@code within} has passed; false if the host did not
     * answer by then. Later commands go over the new session.
     */
    public boolean reconnect(Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                RemoteSession fresh = sessions.open(host);
                closeReopened();
                session = fresh;
                log.note("reconnected");
                return true;
            } catch (SshException e) {
                log.note("reconnecting failed: " + e.getMessage());
                if (System.nanoTime() + RECONNECT_PAUSE.toNanos() - deadline >= 0) {
                    return false;
                }
                Thread.sleep(RECONNECT_PAUSE.toMillis());
            }
        }
    }

    /** Root's commands as the session's login user runs them: as they are for root, else through sudo. */
    private Sudo sudo() {
        return Sudo.forLogin(host.name(), loginUser());
    }

    /** The user the session logged in as (push bootstrap may log in as root where the inventory says another). */
    public String loginUser() {
        return session.loginUser().orElse(host.user());
    }

    /** Closes a session {@link #reconnect} opened (the first one is the rollout's to close). */
    void closeReopened() {
        if (session != first) {
            session.close();
        }
    }

    public Host host() {
        return host;
    }

    public Path logFile() {
        return logFile;
    }

    /** Tells the operator what this host is doing now. */
    public void progress(String step) {
        console.progress(host, step);
    }

    /** Runs a command as root (through {@code sudo -n} for another login user) and logs it; any exit status returns. */
    public CommandResult run(List<String> argv) throws IOException, SshException, InterruptedException {
        return run(argv, new byte[0]);
    }

    /**
     * Runs an apt-get command as root and logs it, telling the operator while it waits for another process's dpkg
     * lock, and who holds it (once per holder: apt repeats its line every second).
     */
    public CommandResult runApt(List<String> argv) throws IOException, SshException, InterruptedException {
        RemoteCommand command = RemoteCommand.of(argv);
        Set<String> told = new HashSet<>();
        CommandResult result = sudo().run(session, command, line -> AptOutput.lockHolder(line).ifPresent(holder -> {
            if (told.add(holder)) {
                progress("waiting for the dpkg lock, held by " + holder + " (apt waits up to its DPkg::Lock::Timeout)");
            }
        }));
        log.command(command, result);
        return result;
    }

    /** Runs a command as root with {@code stdin} as its standard input, and logs it. */
    public CommandResult run(List<String> argv, byte[] stdin) throws IOException, SshException, InterruptedException {
        RemoteCommand command = RemoteCommand.of(argv).withStdin(stdin);
        CommandResult result = sudo().run(session, command);
        log.command(command, result);
        return result;
    }

    /** Runs a command as root whose output is a secret: the log has the command and its exit status, not its output. */
    public CommandResult runWithheld(List<String> argv) throws IOException, SshException, InterruptedException {
        RemoteCommand command = RemoteCommand.of(argv);
        CommandResult result = sudo().run(session, command);
        log.commandWithheld(command, result);
        return result;
    }

    /** Runs a command as root that must succeed. */
    public CommandResult check(List<String> argv, String what) throws IOException, SshException, InterruptedException {
        CommandResult result = run(argv);
        if (result.exitStatus() != 0) {
            throw new IOException(what + " failed: " + lastLine(result));
        }
        return result;
    }

    /** Whether the host's file is byte for byte {@code content} (compared by SHA-256); false if it is not there. */
    public boolean hasFile(String path, byte[] content) throws IOException, SshException, InterruptedException {
        CommandResult sum = run(List.of("sha256sum", "--", path));
        return sum.exitStatus() == 0 && sum.stdoutText().strip().startsWith(sha256(content) + " ");
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Writes a root-owned file in one step. */
    public void upload(byte[] content, String remotePath, String mode) throws IOException, SshException,
            InterruptedException {
        upload(content, remotePath, mode, "root:root");
    }

    /** Writes a file with its owner ({@code USER:GROUP}) and mode in one step. */
    public void upload(byte[] content, String remotePath, String mode, String owner) throws IOException,
            SshException, InterruptedException {
        session.upload(content, remotePath, mode, owner);
        log.upload(remotePath, mode, content.length);
    }

    /** {@code apt-get update} of the repository's lists, waiting while another apt holds the lists lock. */
    public void updateLists() throws IOException, SshException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            CommandResult result = run(AptCommands.updateRepositoryLists());
            if (result.exitStatus() == 0) {
                return;
            }
            if (!AptOutput.listsLockBusy(result.stdoutText() + result.stderrText()) || attempt == LISTS_LOCK_TRIES) {
                throw new IOException("apt-get update failed: " + lastLine(result));
            }
            progress("another apt holds the lists lock; waiting");
            Thread.sleep(LISTS_LOCK_WAIT.toMillis());
        }
    }

    /**
     * Waits until no process holds dpkg's locks (apt and dpkg take them with fcntl; {@code lslocks} lists those),
     * for at most {@code within}; true once they are free, or when the host cannot tell (no lslocks).
     */
    public boolean awaitDpkgUnlocked(Duration within) throws IOException, SshException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            CommandResult locks = run(List.of("lslocks", "--noheadings", "--output", "PATH"));
            boolean held = locks.stdoutText().lines().map(String::strip).anyMatch(DPKG_LOCKS::contains);
            if (locks.exitStatus() != 0 || !held) {
                return true;
            }
            if (System.nanoTime() + RECONNECT_PAUSE.toNanos() - deadline >= 0) {
                return false;
            }
            progress("apt still runs (it holds the dpkg lock); waiting for it to end");
            Thread.sleep(RECONNECT_PAUSE.toMillis());
        }
    }

    public Installed installed(List<String> names) throws IOException, SshException, InterruptedException {
        // dpkg-query exits 1 when it never heard of one of the packages: that is an answer, not a failure.
        CommandResult result = run(AptCommands.installed(names));
        if (result.exitStatus() > 1) {
            throw new IOException("dpkg-query failed: " + lastLine(result));
        }
        return Installed.parse(result.stdoutText());
    }

    public Candidates candidates(List<String> names) throws IOException, SshException, InterruptedException {
        return Candidates.parse(check(AptCommands.candidates(names), "apt-cache policy").stdoutText());
    }

    /** The last line a failed command printed (stderr first), with its exit status: the row's reason. */
    public static String lastLine(CommandResult result) {
        String text = (result.stderrText().isBlank() ? result.stdoutText() : result.stderrText()).strip();
        int newline = text.lastIndexOf('\n');
        return "exit " + result.exitStatus() + ": " + (newline < 0 ? text : text.substring(newline + 1));
    }
}
