package com.speedy.push.rollout;

import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.HostName;
import com.speedy.push.ssh.CommandResult;
import com.speedy.push.ssh.OutputLines;
import com.speedy.push.ssh.RemoteCommand;
import com.speedy.push.ssh.RemoteSession;
import com.speedy.push.ssh.SshException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A host double for jobs' pure logic: each command's shell string is answered by the first rule whose text it
 * contains (else exit 0, no output); commands and uploads are recorded.
 */
public final class ScriptedHost implements RemoteSession {
    /** How the host answers one command, or the connection breaking under it. */
    @FunctionalInterface
    public interface Answer {
        CommandResult answer(RemoteCommand command) throws SshException;
    }

    private final Map<String, Answer> rules = new LinkedHashMap<>();
    private final List<String> commands = new ArrayList<>();
    private final List<String> uploads = new ArrayList<>();

    public ScriptedHost on(String contained, int status, String stdout, String stderr) {
        return on(contained, command -> result(status, stdout, stderr));
    }

    public ScriptedHost on(String contained, Answer answer) {
        rules.put(contained, answer);
        return this;
    }

    public static CommandResult result(int status, String stdout, String stderr) {
        return new CommandResult(status, stdout.getBytes(StandardCharsets.UTF_8),
                stderr.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public synchronized CommandResult run(RemoteCommand command) throws SshException {
        String shell = command.toShellString();
        commands.add(shell);
        for (Map.Entry<String, Answer> rule : rules.entrySet()) {
            if (shell.contains(rule.getKey())) {
                return rule.getValue().answer(command);
            }
        }
        return result(0, "", "");
    }

    /** Hands the answer's output to {@code lines} a line at a time, as a real session does while a command runs. */
    @Override
    public CommandResult run(RemoteCommand command, OutputLines lines) throws SshException {
        CommandResult result = run(command);
        result.stdoutText().lines().forEach(lines::line);
        result.stderrText().lines().forEach(lines::line);
        return result;
    }

    @Override
    public synchronized void upload(byte[] content, String remotePath, String mode, String owner) {
        uploads.add(remotePath);
    }

    @Override
    public void close() {}

    public synchronized List<String> commands() {
        return List.copyOf(commands);
    }

    public synchronized List<String> uploads() {
        return List.copyOf(uploads);
    }

    /** A host as the inventory gives it, logging in as root. */
    public static Host host(String name) throws Exception {
        return new Host(HostName.parse(name), "10.213.7.11", 22, "root", List.of(), Optional.empty(), Optional.empty(),
                List.of());
    }

    /** Runs {@code job} on one host over {@code session}, logging into {@code logs}; progress lines go to {@code progress}. */
    public static <R> R runOn(Host host, RemoteSession session, Rollout.HostJob<R> job, Path logs, List<String> progress)
            throws Exception {
        Rollout rollout = new Rollout(h -> session, (h, step) -> progress.add(step), new HostLogs(logs));
        return rollout.run(List.of(host), new RolloutOptions(1, 0, 0, false), job,
                (h, outcome, why, log) -> { throw new AssertionError(outcome + ": " + why); }, r -> false).get(0);
    }
}
