package com.speedy.push.ssh;

import java.security.PublicKey;
import java.util.List;

/** Which host keys push accepts: {@link KnownHosts} in use, a file that a person vouches for. */
public interface HostKeyPolicy {
    enum Verdict {
        /** the key is one recorded for the host */
        KNOWN,
        /** nothing is recorded for the host */
        UNKNOWN,
        /** other keys are recorded for the host, not this one */
        CHANGED
    }

    Verdict check(String address, int port, PublicKey offered);

    /**
     * The host key algorithms to ask a host for first: those of its recorded keys, so that a host with several keys
     * offers one that can be checked.
     */
    List<String> knownAlgorithms(String address, int port);
}
