package com.speedy.push.ssh;

import java.security.PublicKey;
import java.util.Base64;
import java.util.Objects;

/**
 * The key a host offered, and what the known_hosts file made of it when it was fetched.
 *
 * @param verdict {@link HostKeyPolicy.Verdict#KNOWN} if the file already holds it
 */
public record OfferedHostKey(String address, int port, PublicKey key, HostKeyPolicy.Verdict verdict) {
    public OfferedHostKey {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(verdict, "verdict");
    }

    /** e.g. {@code ssh-ed25519} */
    public String type() {
        return Fingerprint.type(key);
    }

    /** As {@code ssh-keygen -lf} prints it: {@code SHA256:...} */
    public String fingerprint() {
        return Fingerprint.sha256(key);
    }

    /** Its line in a known_hosts file: {@code [10.0.0.5]:2222 ssh-ed25519 AAAA...} */
    public String knownHostsLine() {
        return KnownHosts.hostPattern(address, port) + " " + type() + " "
                + Base64.getEncoder().encodeToString(Fingerprint.wireForm(key));
    }
}
