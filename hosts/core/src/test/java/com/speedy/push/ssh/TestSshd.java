package com.speedy.push.ssh;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH server of the test's own: on 127.0.0.1 and a free port, with host keys (ed25519 and RSA) made for it,
 * its own authorized_keys file, no PAM. Stopped by its pid in {@link #close}.
 */
final class TestSshd implements AutoCloseable {
    private final Path folder;
    private final int port;
    private final Process process;

    private TestSshd(Path folder, int port, Process process) {
        this.folder = folder;
        this.port = port;
        this.process = process;
    }

    /** {@code folder} is made readable for everyone: sshd reads authorized_keys as the user who logs in. */
    static TestSshd start(Path folder) throws IOException, InterruptedException {
        return start(folder, List.of());
    }

    /** {@code extraConfig}: more sshd_config lines, e.g. {@code AllowTcpForwarding no}. */
    static TestSshd start(Path folder, List<String> extraConfig) throws IOException, InterruptedException {
        LocalCommands.requireRootAndOpenSsh();
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        // sshd's privilege separation folder; the never-started system service would have made it
        Files.createDirectories(Path.of("/run/sshd"));
        LocalCommands.newKey(folder, "ed25519", "ssh_host_ed25519_key");
        LocalCommands.newKey(folder, "rsa", "ssh_host_rsa_key");
        Path authorizedKeys = folder.resolve("authorized_keys");
        Files.write(authorizedKeys, new byte[0]);
        Files.setPosixFilePermissions(authorizedKeys, PosixFilePermissions.fromString("rw-r--r--"));

        IOException lastFailure = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            Path config = folder.resolve("sshd_config");
            Files.writeString(config, String.join("\n",
                    "ListenAddress 127.0.0.1:" + port,
                    "HostKey " + folder.resolve("ssh_host_ed25519_key"),
                    "HostKey " + folder.resolve("ssh_host_rsa_key"),
                    "PidFile " + folder.resolve("sshd.pid"),
                    "AuthorizedKeysFile " + authorizedKeys,
                    "UsePAM no",
                    "StrictModes no",
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    "PermitRootLogin prohibit-password",
                    "LogLevel INFO",
                    String.join("\n", extraConfig),
                    ""));
            Path log = folder.resolve("sshd.log");
            Files.deleteIfExists(log);
            Process process = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            TestSshd sshd = new TestSshd(folder, port, process);
            try {
                sshd.awaitListening();
                return sshd;
            } catch (IOException e) {
                sshd.close();
                lastFailure = e; // most likely another process took the port meanwhile: try another
            }
        }
        throw lastFailure;
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (log().contains("Server listening on 127.0.0.1 port " + port)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IOException("sshd exited with status " + process.exitValue() + ": " + log());
            }
            Thread.sleep(20);
        }
        throw new IOException("sshd did not listen within 10 s: " + log());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    int port() {
        return port;
    }

    Path hostPublicKey(String type) {
        return folder.resolve("ssh_host_" + type + "_key.pub");
    }

    /** The host key's known_hosts line: {@code [127.0.0.1]:PORT TYPE BASE64}. */
    String knownHostsLine(String type) throws IOException {
        String[] words = Files.readString(hostPublicKey(type)).strip().split(" ");
        return "[127.0.0.1]:" + port + " " + words[0] + " " + words[1];
    }

    /** A new key pair in the server's folder that may log in; returns the private key file. */
    Path newAuthorizedKey(String type, String name) throws IOException, InterruptedException {
        Path key = LocalCommands.newKey(folder, type, name);
        authorize(key.resolveSibling(name + ".pub"));
        return key;
    }

    /** Lets the holder of {@code publicKeyFile} log in (as root or as any other user: one file serves all). */
    void authorize(Path publicKeyFile) throws IOException {
        Files.writeString(folder.resolve("authorized_keys"), Files.readString(publicKeyFile),
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    String log() throws IOException {
        Path log = folder.resolve("sshd.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** SIGTERM to this sshd's pid; its per-connection children end with their connections. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
