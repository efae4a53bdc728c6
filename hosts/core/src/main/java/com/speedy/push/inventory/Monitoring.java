package com.speedy.push.inventory;

import java.util.Objects;

/** The monitoring setup: which host is the Munin and Nagios server that the other hosts let in. */
public record Monitoring(HostName server) {
    public Monitoring {
        Objects.requireNonNull(server, "server");
    }
}
