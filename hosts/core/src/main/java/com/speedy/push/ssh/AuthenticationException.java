package com.speedy.push.ssh;

import com.speedy.push.inventory.HostName;
import java.util.List;

/** The host's key was verified, but it accepted none of the keys push offered for the login user (or there were none). */
public final class AuthenticationException extends SshException {
    private static final long serialVersionUID = 1L;

    private final String user;
    private final List<String> offered;

    public AuthenticationException(HostName host, String user, String problem, List<String> offered, Throwable cause) {
        this(host, host.toString(), user, problem, offered, cause);
    }

    AuthenticationException(HostName host, String where, String user, String problem, List<String> offered,
            Throwable cause) {
        super(host, where, problem + (offered.isEmpty() ? "" : "; offered: " + String.join(", ", offered)), cause);
        this.user = user;
        this.offered = List.copyOf(offered);
    }

    public String user() {
        return user;
    }

    /** What push offered, one entry per key file or agent key (and why the agent offered none, if it did not). */
    public List<String> offered() {
        return offered;
    }
}
