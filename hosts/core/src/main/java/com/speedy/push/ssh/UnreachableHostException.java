package com.speedy.push.ssh;

import com.speedy.push.inventory.HostName;

/** No SSH connection came about: nothing listens, nothing answers in time, or the peer is no SSH server. */
public final class UnreachableHostException extends SshException {
    private static final long serialVersionUID = 1L;

    private final String address;
    private final int port;

    public UnreachableHostException(HostName host, String address, int port, String reason, Throwable cause) {
        this(host, host.toString(), address, port, reason, cause);
    }

    UnreachableHostException(HostName host, String where, String address, int port, String reason,
            Throwable cause) {
        super(host, where, "cannot reach " + address + " port " + port + ": " + reason, cause);
        this.address = address;
        this.port = port;
    }

    public String address() {
        return address;
    }

    public int port() {
        return port;
    }
}
