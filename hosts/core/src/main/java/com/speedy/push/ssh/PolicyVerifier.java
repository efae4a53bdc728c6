package com.speedy.push.ssh;

import java.security.PublicKey;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/**
 * sshj's side of a {@link HostKeyPolicy}, for one connection: accepts what the policy knows and remembers what it
 * refused, so that the connector can say why the connection failed. sshj calls it on its reader thread.
 */
final class PolicyVerifier implements HostKeyVerifier {
    record Refusal(PublicKey offered, HostKeyPolicy.Verdict verdict) {}

    private final HostKeyPolicy policy;
    private final AtomicReference<Refusal> refusal = new AtomicReference<>();

    PolicyVerifier(HostKeyPolicy policy) {
        this.policy = policy;
    }

    @Override
    public boolean verify(String hostname, int port, PublicKey key) {
        HostKeyPolicy.Verdict verdict = policy.check(hostname, port, key);
        if (verdict == HostKeyPolicy.Verdict.KNOWN) {
            return true;
        }
        refusal.set(new Refusal(key, verdict));
        return false;
    }

    @Override
    public List<String> findExistingAlgorithms(String hostname, int port) {
        return policy.knownAlgorithms(hostname, port);
    }

    Optional<Refusal> refusal() {
        return Optional.ofNullable(refusal.get());
    }
}
