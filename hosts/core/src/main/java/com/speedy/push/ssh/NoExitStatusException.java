package com.speedy.push.ssh;

import com.speedy.push.inventory.HostName;

/** A command ended without an exit status: a signal killed it, or its channel closed first. Never taken as success. */
public final class NoExitStatusException extends SshException {
    private static final long serialVersionUID = 1L;

    private final transient RemoteCommand command;

    NoExitStatusException(HostName host, RemoteCommand command, String how) {
        super(host, "ended without an exit status (" + how + "): " + command, null);
        this.command = command;
    }

    public RemoteCommand command() {
        return command;
    }
}
