package com.speedy.push.ssh;

import com.speedy.push.inventory.Host;

/** Logs in to hosts. {@link SshConnector} over SSH; tests of the code above it hand out doubles. */
public interface SessionFactory {
    /**
     * A logged-in session on {@code host}, for the calling thread.
     *
     * @throws UnreachableHostException if no SSH connection came about within the connect timeout
     * @throws HostKeyException if the host's key is not the one on record; nothing was sent to it
     * @throws AuthenticationException if it accepted none of the keys
     */
    RemoteSession open(Host host) throws SshException, InterruptedException;
}
