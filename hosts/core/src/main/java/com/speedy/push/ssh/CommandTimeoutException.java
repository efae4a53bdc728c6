package com.speedy.push.ssh;

import com.speedy.push.inventory.HostName;
import java.time.Duration;

/** A command ran past its timeout; it was sent SIGTERM and its channel closed, so it may have done part of its work. */
public final class CommandTimeoutException extends SshException {
    private static final long serialVersionUID = 1L;

    private final transient RemoteCommand command;
    private final Duration timeout;

    CommandTimeoutException(HostName host, RemoteCommand command, Duration timeout) {
        super(host, "did not finish within " + text(timeout) + ": " + command, null);
        this.command = command;
        this.timeout = timeout;
    }

    public RemoteCommand command() {
        return command;
    }

    public Duration timeout() {
        return timeout;
    }
}
