package com.speedy.push.ssh;

import com.speedy.push.inventory.HostName;

/** The connection broke after login: the host went away, stopped answering keepalives, or the network failed. */
public final class ConnectionLostException extends SshException {
    private static final long serialVersionUID = 1L;

    public ConnectionLostException(HostName host, String doing, Throwable cause) {
        super(host, "connection lost while " + doing + ": " + cause.getMessage(), cause);
    }
}
