package com.speedy.push.ssh;

import com.speedy.push.inventory.HostName;
import java.nio.file.Path;

/**
 * The host offered a key that the known_hosts file does not hold for it; nothing was sent to it, not even a login.
 * Carries the offered key's fingerprint as {@code ssh-keygen -lf} prints it, for a person to compare out of band.
 */
public abstract sealed class HostKeyException extends SshException
        permits UnknownHostKeyException, ChangedHostKeyException {
    private static final long serialVersionUID = 1L;

    private final String address;
    private final int port;
    private final String keyType;
    private final String fingerprint;
    private final transient Path knownHosts;

    HostKeyException(HostName host, String where, String address, int port, String keyType, String fingerprint,
            Path knownHosts, String problem) {
        super(host, where, problem + " " + address + " port " + port + " offered the " + keyType + " key " + fingerprint
                + "; nothing was done there", null);
        this.address = address;
        this.port = port;
        this.keyType = keyType;
        this.fingerprint = fingerprint;
        this.knownHosts = knownHosts;
    }

    public String address() {
        return address;
    }

    public int port() {
        return port;
    }

    /** e.g. {@code ssh-ed25519} */
    public String keyType() {
        return keyType;
    }

    /** e.g. {@code SHA256:mVPwvezndPv/ARoIadVY98vAC0g+P/5633yTC4d/wXE} */
    public String fingerprint() {
        return fingerprint;
    }

    public Path knownHosts() {
        return knownHosts;
    }
}
