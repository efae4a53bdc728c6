package com.speedy.push.ssh;

import com.speedy.push.inventory.HostName;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Something failed on one host; its subclasses say what. The message starts with the host's name, or, for a host
 * behind a bastion, with the hop that failed: "bastion deploy@10.0.0.5" or "app1 via bastion deploy@10.0.0.5".
 */
public abstract class SshException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient HostName host;

    SshException(HostName host, String message, Throwable cause) {
        this(host, host.toString(), message, cause);
    }

    /** {@code where} names the hop that failed, for a host reached through a bastion. */
    SshException(HostName host, String where, String message, Throwable cause) {
        super(where + ": " + message, cause);
        this.host = Objects.requireNonNull(host, "host");
    }

    /** A duration as the inventory writes them: {@code 10s}, {@code 1m30s}, {@code 0.5s}. */
    static String text(Duration duration) {
        return duration.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    public HostName host() {
        return host;
    }
}
