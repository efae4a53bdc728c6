package com.speedy.push.ssh;

import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.HostName;
import com.speedy.push.sudo.RootPrograms;
import com.speedy.push.sudo.RootScript;
import com.speedy.push.sudo.SudoHelper;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs commands as root on a host: as they are when push logs in as root, else through {@code sudo -n}, which fails
 * at once instead of asking for a password that nobody would type.
 */
public final class Sudo {
    static final List<String> PREFIX = List.of("sudo", "-n", "--");
    /** sudo's words when -n keeps it from asking: for a user without any rule as for one whose rules don't allow it. */
    static final String PASSWORD_REQUIRED = "sudo: a password is required";

    private final HostName host;
    private final String user;

    private Sudo(HostName host, String user) {
        this.host = Objects.requireNonNull(host, "host");
        this.user = Objects.requireNonNull(user, "user");
    }

    public static Sudo of(Host host) {
        return forLogin(host.name(), host.user());
    }

    public static Sudo forLogin(HostName host, String user) {
        return new Sudo(host, user);
    }

    public boolean needed() {
        return !"root".equals(user);
    }

    /**
     * The command that runs {@code command} as root for this login user: as it is for root; else through sudo, a
     * {@link RootScript} as the helper's verb (the sudo rule names no shell).
     *
     * @throws IllegalArgumentException if push may not run it as root ({@link RootPrograms}), for any login user
     */
    public RemoteCommand asRoot(RemoteCommand command) {
        RootPrograms.check(command.argv());
        if (!needed()) {
            return command;
        }
        Optional<RootScript> script = RootScript.of(command.argv());
        return script.map(s -> command.withArgv(SudoHelper.argv(s, command.argv().subList(4, command.argv().size()))))
                .orElse(command).prefixedWith(PREFIX);
    }

    /**
     * Runs {@code command} as root and returns how it ended.
     *
     * @throws SudoRightMissingException if sudo refused to run it without a password
     */
    public CommandResult run(RemoteSession session, RemoteCommand command)
            throws SshException, InterruptedException {
        return run(session, command, OutputLines.ignored());
    }

    /** {@link #run(RemoteSession, RemoteCommand)}, with its output's lines handed to {@code lines} as they come. */
    public CommandResult run(RemoteSession session, RemoteCommand command, OutputLines lines)
            throws SshException, InterruptedException {
        CommandResult result = session.run(asRoot(command), lines);
        check(command, result);
        return result;
    }

    /** Throws if {@code result} is sudo refusing {@code command} (as push meant it, before {@link #asRoot}). */
    public void check(RemoteCommand command, CommandResult result) throws SudoRightMissingException {
        if (needed() && passwordRequired(result)) {
            throw new SudoRightMissingException(host, user, command);
        }
    }

    /**
     * sudo refuses with exit status 1 and its message as the first line of standard error, before the command runs;
     * English only: a host whose default locale translates sudo's messages gets the plain exit status instead.
     */
    static boolean passwordRequired(CommandResult result) {
        return result.exitStatus() == 1 && result.stderrText().lines().findFirst().orElse("").equals(PASSWORD_REQUIRED);
    }
}
