package com.speedy.push.ssh;

import com.speedy.push.inventory.HostName;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/** Something failed on one host; its subclasses say what. The message starts with the host's name. */
public abstract class SshException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient HostName host;

    SshException(HostName host, String message, Throwable cause) {
        super(host + ": " + message, cause);
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
