package com.speedy.push.rollout;

import com.speedy.push.apt.AptCommands;
import com.speedy.push.apt.AptOutput;
import com.speedy.push.apt.Candidates;
import com.speedy.push.apt.Installed;
import com.speedy.push.inventory.Host;
import com.speedy.push.ssh.CommandResult;
import com.speedy.push.ssh.RemoteCommand;
import com.speedy.push.ssh.RemoteSession;
import com.speedy.push.ssh.SshException;
import com.speedy.push.ssh.Sudo;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** What a job can do on one logged-in host: run commands as root, each logged with its whole output. */
public final class HostSteps {
    private static final int LISTS_LOCK_TRIES = 10;
    private static final Duration LISTS_LOCK_WAIT = Duration.ofSeconds(3);

    private final Host host;
    private final RemoteSession session;
    private final Sudo sudo;
    private final HostLog log;
    private final Path logFile;
    private final Rollout.Console console;

    HostSteps(Host host, RemoteSession session, HostLog log, Path logFile, Rollout.Console console) {
        this.host = host;
        this.session = session;
        this.sudo = Sudo.of(host);
        this.log = log;
        this.logFile = logFile;
        this.console = console;
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

    /** Runs a command as root with {@code stdin} as its standard input, and logs it. */
    public CommandResult run(List<String> argv, byte[] stdin) throws IOException, SshException, InterruptedException {
        RemoteCommand command = RemoteCommand.of(argv).withStdin(stdin);
        CommandResult result = sudo.run(session, command);
        log.command(command, result);
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

    /** Writes a root-owned file in one step. */
    public void upload(byte[] content, String remotePath, String mode) throws IOException, SshException,
            InterruptedException {
        session.upload(content, remotePath, mode);
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
    static String lastLine(CommandResult result) {
        String text = (result.stderrText().isBlank() ? result.stdoutText() : result.stderrText()).strip();
        int newline = text.lastIndexOf('\n');
        return "exit " + result.exitStatus() + ": " + (newline < 0 ? text : text.substring(newline + 1));
    }
}
