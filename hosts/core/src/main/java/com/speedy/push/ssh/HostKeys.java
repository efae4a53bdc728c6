package com.speedy.push.ssh;

import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.SshSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;

/**
 * What {@code push trust HOST} needs: the key a host offers, fetched without logging in (the handshake stops at the
 * key: it is refused, never accepted), and recording it in the inventory's known_hosts file once a person agrees.
 */
public final class HostKeys {
    private final SshSettings settings;

    public HostKeys(SshSettings settings) {
        this.settings = settings;
    }

    /**
     * The key {@code host} offers, of the type its recorded keys have if it has one of those.
     *
     * @throws UnreachableHostException if no SSH server answered within the connect timeout
     */
    public OfferedHostKey fetch(Host host) throws SshException {
        KnownHosts knownHosts = knownHosts(host);
        AtomicReference<PublicKey> offered = new AtomicReference<>();
        SSHClient client = SshConnector.newClient(settings.connectTimeout());
        client.addHostKeyVerifier(new HostKeyVerifier() {
            @Override
            public boolean verify(String hostname, int port, PublicKey key) {
                offered.set(key);
                return false; // seen, not trusted: the connection ends here
            }

            @Override
            public List<String> findExistingAlgorithms(String hostname, int port) {
                return knownHosts.knownAlgorithms(hostname, port);
            }
        });
        SshConnector.Deadline deadline = SshConnector.Deadline.start(client, settings.connectTimeout());
        try {
            client.connect(host.address(), host.port());
        } catch (IOException e) {
            if (offered.get() == null) {
                throw deadline.hasExpired() ? deadline.expired(host, e)
                        : new UnreachableHostException(host.name(), host.address(), host.port(),
                                SshConnector.reason(e), e);
            }
        } finally {
            deadline.settle();
            SshConnector.closeQuietly(client);
        }
        PublicKey key = Optional.ofNullable(offered.get())
                .orElseThrow(() -> new IllegalStateException("connected to " + host.name() + " without a host key"));
        return new OfferedHostKey(host.address(), host.port(), key,
                knownHosts.check(host.address(), host.port(), key));
    }

    /**
     * Records {@code key} as its host's only key in the known_hosts file: lines that name the host (plain or hashed)
     * are replaced, so that a changed key's old one is not accepted any more; other lines, comments and
     * {@code @cert-authority} or {@code @revoked} lines stay as they are. The file is replaced in one step.
     *
     * @return how many old lines for the host were removed
     */
    public int record(OfferedHostKey key) throws IOException {
        Path file = settings.knownHosts();
        List<String> lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
        List<String> kept = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("@") || !KnownHosts.lineAppliesTo(line, key.address(), key.port())) {
                kept.add(line);
            }
        }
        int removed = lines.size() - kept.size();
        kept.add(key.knownHostsLine());

        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Set<PosixFilePermission> permissions = Files.exists(file) ? Files.getPosixFilePermissions(file)
                : PosixFilePermissions.fromString("rw-r--r--");
        Path next = Files.createTempFile(folder, file.getFileName() + ".", ".new");
        try {
            Files.write(next, kept, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(next, permissions);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(next);
        }
        return removed;
    }

    private KnownHosts knownHosts(Host host) throws KnownHostsUnreadableException {
        try {
            return KnownHosts.read(settings.knownHosts());
        } catch (IOException e) {
            throw new KnownHostsUnreadableException(host.name(), settings.knownHosts(), e);
        }
    }
}
