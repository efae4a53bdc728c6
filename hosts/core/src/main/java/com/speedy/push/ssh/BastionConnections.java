package com.speedy.push.ssh;

import com.speedy.push.inventory.Bastion;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import net.schmizz.sshj.SSHClient;

/**
 * The logged-in bastion connections of one connector: the hosts behind a bastion share one connection (a channel each)
 * while any of their sessions is open; the last one out logs out of the bastion. A connection that broke is replaced
 * for the next host.
 */
final class BastionConnections {
    /** Logs in to a bastion; its failures name the bastion. */
    @FunctionalInterface
    interface Login {
        SSHClient logIn() throws SshException;
    }

    /** One host's use of a bastion's connection, given back once. */
    final class Lease {
        private final Bastion bastion;
        private final Shared shared;
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(Bastion bastion, Shared shared) {
            this.bastion = bastion;
            this.shared = shared;
        }

        SSHClient client() {
            return shared.client;
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                BastionConnections.this.release(bastion, shared);
            }
        }
    }

    private static final class Shared {
        private final SSHClient client;
        private int users;

        private Shared(SSHClient client) {
            this.client = client;
        }
    }

    private final Map<Bastion, Shared> open = new HashMap<>();

    /** The bastion's connection, logged in to by {@code login} if there is none that works; one lease per session. */
    synchronized Lease lease(Bastion bastion, Login login) throws SshException {
        Shared shared = open.get(bastion);
        if (shared == null || !shared.client.isConnected() || !shared.client.isAuthenticated()) {
            // a broken one stays with the sessions that use it, and goes with the last of them
            shared = new Shared(login.logIn());
            open.put(bastion, shared);
        }
        shared.users++;
        return new Lease(bastion, shared);
    }

    /** How many bastions push is logged in to now: for tests. */
    synchronized int connections() {
        return (int) open.values().stream().filter(s -> s.users > 0).count();
    }

    private synchronized void release(Bastion bastion, Shared shared) {
        shared.users--;
        if (shared.users == 0) {
            open.remove(bastion, shared);
            SshConnector.closeQuietly(shared.client);
        }
    }
}
