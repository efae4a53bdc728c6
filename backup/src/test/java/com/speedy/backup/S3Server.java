package com.speedy.backup;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A real S3 server for a test: S3Proxy with its filesystem backend, in a JVM of its own (this test's classpath holds
 * it), on a free port of 127.0.0.1, with one access key. What it stores lies as plain files under {@link #objects()},
 * so that a test can look at what reached the storage, damage it, or see it unchanged.
 */
final class S3Server implements AutoCloseable {
    static final String ACCESS_KEY = "speedy-test";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final URI endpoint;
    private final Path objects;
    private final Path credentials;

    private S3Server(Process process, URI endpoint, Path objects, Path credentials) {
        this.process = process;
        this.endpoint = endpoint;
        this.objects = objects;
        this.credentials = credentials;
    }

    static S3Server start(Path dir) throws IOException, InterruptedException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Path objects = Files.createDirectories(dir.resolve("objects"));
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String secret = HexFormat.of().formatHex(random);
        Path properties = Files.writeString(dir.resolve("s3proxy.properties"), String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + secret,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + objects, ""));
        Path credentials = Files.writeString(dir.resolve("s3-credentials"),
                "[default]\naws_access_key_id = " + ACCESS_KEY + "\naws_secret_access_key = " + secret + "\n");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.gaul.s3proxy.Main", "--properties",
                properties.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
        S3Server server = new S3Server(process, URI.create("http://127.0.0.1:" + port), objects, credentials);
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (!server.answers()) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                server.close();
                throw new IllegalStateException("S3Proxy did not start on port " + port + "; its log: "
                        + Files.readString(dir.resolve("s3proxy.log")));
            }
            Thread.sleep(200);
        }
        return server;
    }

    URI endpoint() {
        return endpoint;
    }

    /** Where the filesystem backend keeps each bucket as a folder and each object as a file. */
    Path objects() {
        return objects;
    }

    /** An AWS-style credentials file with this server's key in its [default] profile. */
    Path credentials() {
        return credentials;
    }

    private boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", endpoint.getPort()), 500);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor();
    }
}
