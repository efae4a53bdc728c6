package com.speedy.testbed;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * A real S3 server for a test: S3Proxy with its filesystem backend, in a JVM of its own (started from the classpath
 * this module's build listed in {@code s3proxy.classpath}, so that its logging and Jetty stay off the test's), on a
 * free port of 127.0.0.1 or of the testbed's bridge, with one access key. What it stores lies as plain files under
 * {@link #objects()}, so that a test can look at what reached the storage, damage it, or see it unchanged.
 */
public final class S3Server implements AutoCloseable {
    public static final String ACCESS_KEY = "speedy-test";
    /** This machine's address on the testbed's bridge ({@code bin/testbed}'s gateway), which the hosts reach. */
    public static final String TESTBED_GATEWAY = "10.213.7.1";
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

    /** A server on 127.0.0.1, for tests that run the scripts on this machine. */
    public static S3Server start(Path dir) throws IOException, InterruptedException {
        return start(dir, "127.0.0.1");
    }

    /** A server on {@code address}: {@link #TESTBED_GATEWAY} for testbed hosts, which reach this machine there. */
    public static S3Server start(Path dir, String address) throws IOException, InterruptedException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            port = free.getLocalPort();
        }
        Path objects = Files.createDirectories(dir.resolve("objects"));
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        String secret = HexFormat.of().formatHex(random);
        Path properties = Files.writeString(dir.resolve("s3proxy.properties"), String.join("\n",
                "s3proxy.endpoint=http://" + address + ":" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + secret,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + objects, ""));
        Path credentials = Files.writeString(dir.resolve("s3-credentials"),
                "[default]\naws_access_key_id = " + ACCESS_KEY + "\naws_secret_access_key = " + secret + "\n");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath(), "org.gaul.s3proxy.Main", "--properties",
                properties.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
        S3Server server = new S3Server(process, URI.create("http://" + address + ":" + port), objects, credentials);
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

    /** S3Proxy's jars, as this module's build listed them. */
    private static String classpath() throws IOException {
        try (InputStream listed = S3Server.class.getResourceAsStream("s3proxy.classpath")) {
            if (listed == null) {
                throw new IOException("s3proxy.classpath is not on the classpath: build the testbed module first");
            }
            return new String(listed.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Where the filesystem backend keeps each bucket as a folder and each object as a file. */
    public Path objects() {
        return objects;
    }

    /** An AWS-style credentials file with this server's key in its [default] profile. */
    public Path credentials() {
        return credentials;
    }

    private boolean answers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 500);
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
