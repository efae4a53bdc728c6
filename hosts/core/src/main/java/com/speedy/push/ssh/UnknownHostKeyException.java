package com.speedy.push.ssh;

import com.speedy.push.inventory.HostName;
import java.nio.file.Path;

/** The known_hosts file holds no key for the host at all: it was never trusted. */
public final class UnknownHostKeyException extends HostKeyException {
    private static final long serialVersionUID = 1L;

    UnknownHostKeyException(HostName host, String where, String address, int port, String keyType, String fingerprint,
            Path knownHosts) {
        super(host, where, address, port, keyType, fingerprint, knownHosts, "unknown host key: " + knownHosts
                + " holds no key for it, and");
    }
}
