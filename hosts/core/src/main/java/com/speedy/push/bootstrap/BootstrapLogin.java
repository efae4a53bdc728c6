package com.speedy.push.bootstrap;

import com.speedy.push.inventory.Host;
import com.speedy.push.ssh.AuthenticationException;
import com.speedy.push.ssh.RemoteSession;
import com.speedy.push.ssh.SessionFactory;
import com.speedy.push.ssh.SshException;
import java.util.List;

/**
 * How {@code push bootstrap} logs in: as the host's deploy user if it already lets push in (a host bootstrapped
 * before), else as root, as a fresh Debian server allows with a key. Host keys are checked either way.
 */
public final class BootstrapLogin implements SessionFactory {
    public static final String ROOT = "root";

    private final SessionFactory sessions;

    public BootstrapLogin(SessionFactory sessions) {
        this.sessions = sessions;
    }

    @Override
    public RemoteSession open(Host host) throws SshException, InterruptedException {
        try {
            return sessions.open(host);
        } catch (AuthenticationException asDeployUser) {
            try {
                return sessions.open(asRoot(host));
            } catch (AuthenticationException asRoot) {
                throw new AuthenticationException(host.name(), host.user(), "neither " + host.user() + " nor root"
                        + " accepted push's keys: bootstrap needs root's ssh login with one of them on a fresh host ("
                        + asRoot.getMessage() + ")", List.of(), asRoot);
            }
        }
    }

    static Host asRoot(Host host) {
        return new Host(host.name(), host.address(), host.port(), ROOT, host.groups(), host.environment(),
                host.suite(), host.packages());
    }
}
