package com.speedy.push.inventory;

import java.util.Objects;
import java.util.Optional;

/**
 * The host push reaches a host through, as OpenSSH's ProxyJump: push logs in here first and opens a TCP channel from
 * it to the host. Its own key is checked against known_hosts under its own address, as the host's is under the host's.
 *
 * @param host the inventory host it is, when {@code jump} names one; empty for a machine given as user@address:port
 */
public record Bastion(String user, String address, int port, Optional<HostName> host) {
    public Bastion {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " of bastion " + address + " is not from 1 to 65535");
        }
    }

    /** {@code deploy@10.0.0.5}, with {@code :port} when it is not 22: how messages name the bastion. */
    @Override
    public String toString() {
        return user + "@" + address + (port == 22 ? "" : ":" + port);
    }
}
