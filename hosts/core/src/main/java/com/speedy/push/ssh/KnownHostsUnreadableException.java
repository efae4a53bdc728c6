package com.speedy.push.ssh;

import com.speedy.push.inventory.HostName;
import java.io.IOException;
import java.nio.file.Path;

/** The known_hosts file exists but cannot be read, so no host key can be checked: nothing is sent to the host. */
public final class KnownHostsUnreadableException extends SshException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    KnownHostsUnreadableException(HostName host, Path file, IOException cause) {
        super(host, "cannot read the known_hosts file " + file + ": " + cause.getMessage(), cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
