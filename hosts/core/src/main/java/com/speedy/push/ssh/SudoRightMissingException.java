package com.speedy.push.ssh;

import com.speedy.push.inventory.HostName;

/**
 * The login user may not run a command as root through {@code sudo -n} (sudo wanted a password, which push never
 * gives): the host needs a NOPASSWD sudo rule for that user, or push must log in as root.
 */
public final class SudoRightMissingException extends SshException {
    private static final long serialVersionUID = 1L;

    private final String user;
    private final transient RemoteCommand command;

    SudoRightMissingException(HostName host, String user, RemoteCommand command) {
        super(host, "user " + user + " may not run as root without a password (sudo -n: a password is required): "
                + command, null);
        this.user = user;
        this.command = command;
    }

    public String user() {
        return user;
    }

    /** The command as push meant it, without the {@code sudo -n --} in front. */
    public RemoteCommand command() {
        return command;
    }
}
