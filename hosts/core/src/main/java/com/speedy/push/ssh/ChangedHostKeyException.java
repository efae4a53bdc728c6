package com.speedy.push.ssh;

import com.speedy.push.inventory.HostName;
import java.nio.file.Path;

/**
 * The known_hosts file holds other keys for the host than the one it offered: the host was reinstalled, or something
 * else answers at its address.
 */
public final class ChangedHostKeyException extends HostKeyException {
    private static final long serialVersionUID = 1L;

    ChangedHostKeyException(HostName host, String where, String address, int port, String keyType, String fingerprint,
            Path knownHosts) {
        super(host, where, address, port, keyType, fingerprint, knownHosts, "HOST KEY CHANGED: " + knownHosts
                + " holds another key for it, and");
    }
}
