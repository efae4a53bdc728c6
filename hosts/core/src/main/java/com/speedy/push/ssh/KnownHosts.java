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
    private final List<String> lines;

    private KnownHosts(Path file, List<String> lines) {
        this.file = file;
        this.lines = List.copyOf(lines);
    }

    public static KnownHosts read(Path file) throws IOException {
        return new KnownHosts(file, Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of());
    }

    /**
     * The lines of a known_hosts file that can name {@code address:port} (naming it in plain text, hashed, or
     * patterns): a push to many hosts reads, for each host, only what concerns it.
     */
    public static KnownHosts readFor(Path file, String address, int port) throws IOException {
        String name = hostPattern(address, port);
        return new KnownHosts(file, read(file).lines.stream().filter(line -> mayName(line, name)).toList());
    }

    public Path file() {
        return file;
    }

    /**
     * Keys are decoded only for lines of the offered key's type: decoding costs (an RSA modulus is validated with
     * prime tests, about 0.1 s on a busy core), and a host usually has an ed25519 and an RSA line.
     */
    @Override
    public Verdict check(String address, int port, PublicKey offered) {
        String name = hostPattern(address, port);
        String type = KeyType.fromKey(offered).toString();
        List<KnownHostEntry> sameType = entries(lines.stream().filter(line -> type.equals(keyType(line))).toList());
        if (sameType.stream().anyMatch(entry -> appliesTo(entry, name) && revokes(entry, offered))) {
            return Verdict.CHANGED;
        }
        for (KnownHostEntry entry : sameType) {
            if (appliesTo(entry, name) && verifies(entry, offered)) {
                return Verdict.KNOWN;
            }
        }
        return namingLines(name).isEmpty() ? Verdict.UNKNOWN : Verdict.CHANGED;
    }

    @Override
    public List<String> knownAlgorithms(String address, int port) {
        List<String> algorithms = new ArrayList<>();
        for (String line : namingLines(hostPattern(address, port))) {
            String type = keyType(line);
            if (type.equals(KeyType.RSA.toString())) {
                // an RSA key signs as rsa-sha2-512 or -256 nowadays; OpenSSH 8.8 and later refuse plain ssh-rsa
                algorithms.add("rsa-sha2-512");
                algorithms.add("rsa-sha2-256");
            }
            algorithms.add(type);
        }
        return algorithms.stream().distinct().toList();
    }

    /** The (non-revoking) lines that name the host: by their text when it is plain, else as sshj matches them. */
    private List<String> namingLines(String name) {
        List<String> naming = new ArrayList<>();
        for (String line : lines) {
            String hosts = hostField(line);
            if (hosts.isEmpty() || line.strip().startsWith("@revoked")) {
                continue;
            }
            boolean plain = !hosts.startsWith("|") && !hosts.contains("*") && !hosts.contains("?")
                    && !hosts.contains("!");
            boolean names = plain ? List.of(hosts.toLowerCase(Locale.ROOT).split(",")).contains(name)
                    : entries(List.of(line)).stream().anyMatch(entry -> appliesTo(entry, name));
            if (names) {
                naming.add(line);
            }
        }
        return naming;
    }

    private static List<KnownHostEntry> entries(List<String> lines) {
        if (lines.isEmpty()) {
            return List.of();
        }
        try {
            return parse(new StringReader(String.join("\n", lines) + "\n"));
        } catch (IOException e) {
            return List.of(); // lines it cannot read never match
        }
    }

    /** A line's host field (after an {@code @marker}), or "" for a comment or a line too short. */
    private static String hostField(String line) {
        String[] fields = line.strip().split("\\s+");
        if (fields.length < 3 || fields[0].startsWith("#")) {
            return "";
        }
        return fields[0].startsWith("@") ? fields[1] : fields[0];
    }

    /** A line's key type, e.g. {@code ssh-ed25519}, or "" if it has none. */
    private static String keyType(String line) {
        String[] fields = line.strip().split("\\s+");
        int at = fields.length > 0 && fields[0].startsWith("@") ? 2 : 1;
        return fields.length > at + 1 && !fields[0].startsWith("#") ? fields[at] : "";
    }

    /** Whether a line's host field could name {@code name}, without decoding its key. */
    private static boolean mayName(String line, String name) {
        String hosts = hostField(line);
        if (hosts.isEmpty()) {
            return false;
        }
        if (hosts.startsWith("|") || hosts.contains("*") || hosts.contains("?") || hosts.contains("!")) {
            return true; // hashed, or a pattern: sshj decides
        }
        return List.of(hosts.toLowerCase(Locale.ROOT).split(",")).contains(name);
    }

    static List<KnownHostEntry> parse(Reader reader) throws IOException {
        return new OpenSSHKnownHosts(reader).entries().stream().filter(HostEntry.class::isInstance).toList();
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
