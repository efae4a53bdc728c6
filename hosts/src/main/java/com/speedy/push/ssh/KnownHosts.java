package com.speedy.push.ssh;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts.HostEntry;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts.KnownHostEntry;

/**
 * An OpenSSH known_hosts file, read once: plain and hashed ({@code |1|...}) host names, {@code [address]:port} for
 * ports other than 22, patterns and {@code @revoked} lines, as sshj's {@link OpenSSHKnownHosts} reads them. A missing
 * file knows no host. Lines it cannot read never match.
 */
public final class KnownHosts implements HostKeyPolicy {
    private final Path file;
    private final List<KnownHostEntry> entries;

    private KnownHosts(Path file, List<KnownHostEntry> entries) {
        this.file = file;
        this.entries = List.copyOf(entries);
    }

    public static KnownHosts read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new KnownHosts(file, List.of());
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new KnownHosts(file, parse(reader));
        }
    }

    static List<KnownHostEntry> parse(Reader reader) throws IOException {
        return new OpenSSHKnownHosts(reader).entries().stream().filter(HostEntry.class::isInstance).toList();
    }

    public Path file() {
        return file;
    }

    @Override
    public Verdict check(String address, int port, PublicKey offered) {
        String name = hostPattern(address, port);
        if (entries.stream().anyMatch(entry -> appliesTo(entry, name) && revokes(entry, offered))) {
            return Verdict.CHANGED;
        }
        boolean recorded = false;
        for (KnownHostEntry entry : entries) {
            if (appliesTo(entry, name)) {
                recorded = true;
                if (verifies(entry, offered)) {
                    return Verdict.KNOWN;
                }
            }
        }
        return recorded ? Verdict.CHANGED : Verdict.UNKNOWN;
    }

    @Override
    public List<String> knownAlgorithms(String address, int port) {
        String name = hostPattern(address, port);
        List<String> algorithms = new ArrayList<>();
        for (KnownHostEntry entry : entries) {
            if (appliesTo(entry, name)) {
                if (entry.getType() == KeyType.RSA) {
                    // an RSA key signs as rsa-sha2-512 or -256 nowadays; OpenSSH 8.8 and later refuse plain ssh-rsa
                    algorithms.add("rsa-sha2-512");
                    algorithms.add("rsa-sha2-256");
                }
                algorithms.add(entry.getType().toString());
            }
        }
        return algorithms.stream().distinct().toList();
    }

    /** How known_hosts names a host: {@code address}, or {@code [address]:port} for a port other than 22. */
    static String hostPattern(String address, int port) {
        String lower = address.toLowerCase(Locale.ROOT);
        return port == 22 ? lower : "[" + lower + "]:" + port;
    }

    /** Whether one known_hosts line (as text) names the host; comments and unreadable lines name none. */
    static boolean lineAppliesTo(String line, String address, int port) throws IOException {
        String name = hostPattern(address, port);
        for (KnownHostEntry entry : parse(new StringReader(line))) {
            if (appliesTo(entry, name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean appliesTo(KnownHostEntry entry, String name) {
        try {
            return entry.appliesTo(name);
        } catch (IOException e) {
            return false; // a hashed name that cannot be checked (bad base64): a line that names nobody
        }
    }

    /** An {@code @revoked} line for this very key: refused even if another line lists the key as the host's. */
    private static boolean revokes(KnownHostEntry entry, PublicKey offered) {
        String[] words = entry.getLine().split("\\s+");
        return words.length >= 4 && words[0].equals("@revoked")
                && words[3].equals(Base64.getEncoder().encodeToString(Fingerprint.wireForm(offered)));
    }

    private static boolean verifies(KnownHostEntry entry, PublicKey offered) {
        try {
            return entry.verify(offered);
        } catch (IOException e) {
            return false;
        }
    }
}
