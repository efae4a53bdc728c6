package com.speedy.lb;

import com.speedy.process.LocalCommand;
import com.speedy.process.ProcessResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real nginx with speedy-lb.conf as the package ships it, in the foreground under a temporary prefix: the
 * package's paths are moved into the prefix, and port 80 to a free port on 127.0.0.1.
 */
final class Nginx implements AutoCloseable {
    static final Path DEB = Path.of("src", "deb").toAbsolutePath();
    /** Debian's nginx: /usr/sbin is not on every user's PATH. */
    private static final String BINARY = "/usr/sbin/nginx";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final Path prefix;
    private final int port;

    private Nginx(Process process, Path prefix, int port) {
        this.process = process;
        this.prefix = prefix;
        this.port = port;
    }

    /** Starts nginx with {@code pool} as the pool file, once nginx -t took the configuration and it listens. */
    static Nginx start(Path prefix, String pool) throws IOException, InterruptedException {
        int port = freePort();
        Path conf = configure(prefix, pool, port);
        ProcessResult test = LocalCommand.of(argv(conf, "-t")).withStderrMerged().run();
        if (!test.succeeded()) {
            throw new IllegalStateException("nginx -t refused the configuration:\n" + test.stdoutText());
        }
        Process process = new ProcessBuilder(argv(conf, "-g", "daemon off;")).redirectErrorStream(true)
                .redirectOutput(prefix.resolve("nginx.out").toFile()).start();
        Nginx nginx = new Nginx(process, prefix, port);
        try {
            nginx.awaitListening();
        } catch (IOException | RuntimeException e) {
            nginx.close();
            throw e;
        }
        return nginx;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Where this nginx looks for the balancer's maintenance flag (/var/lib/speedy-lb/maintenance when installed). */
    Path maintenanceFlag() {
        return prefix.resolve("var/maintenance");
    }

    /** Where this nginx looks for a maintenance page push wrote (/var/lib/speedy-lb/page/{@code name} installed). */
    Path customPage(String name) {
        return prefix.resolve("var/page").resolve(name);
    }

    /** Stops nginx by its PID: TERM is its fast shutdown, and the workers leave with the master. */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> workers = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        workers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static List<String> argv(Path conf, String... more) {
        Path prefix = conf.getParent();
        return Stream.concat(Stream.of(BINARY, "-p", prefix + "/", "-c", conf.toString(),
                "-e", prefix.resolve("error.log").toString()), Stream.of(more)).toList();
    }

    /**
     * The package's files in {@code prefix}, and a main configuration that includes speedy-lb.conf in its http block
     * as Debian's nginx.conf does. When nginx runs as root its workers run as nobody, so everything is world-readable.
     */
    private static Path configure(Path prefix, String pool, int port) throws IOException {
        Files.setPosixFilePermissions(prefix, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path share = Files.createDirectories(prefix.resolve("share"));
        Files.createDirectories(prefix.resolve("var/page"));
        try (Stream<Path> files = Files.list(DEB.resolve("share"))) {
            for (Path file : files.toList()) {
                Files.copy(file, share.resolve(file.getFileName()));
            }
        }
        Files.writeString(prefix.resolve("pool.conf"), pool);

        // every one must be there: a path renamed in the package would otherwise send the test to the real one
        Map<String, String> moves = new LinkedHashMap<>();
        moves.put("include /etc/speedy-lb/pool.conf;", "include " + prefix.resolve("pool.conf") + ";");
        moves.put("root /var/lib/speedy-lb/page;", "root " + prefix.resolve("var/page") + ";");
        moves.put("root /usr/share/speedy-lb;", "root " + share + ";");
        moves.put("/var/lib/speedy-lb/", prefix.resolve("var") + "/");
        moves.put("listen 80 default_server;", "listen 127.0.0.1:" + port + " default_server;");
        moves.put("listen [::]:80 default_server;", "");
        String conf = Files.readString(DEB.resolve("nginx/speedy-lb.conf"));
        for (Map.Entry<String, String> move : moves.entrySet()) {
            if (!conf.contains(move.getKey())) {
                throw new IllegalStateException("speedy-lb.conf no longer holds '" + move.getKey() + "'");
            }
            conf = conf.replace(move.getKey(), move.getValue());
        }
        // and a package path added later must not go unmoved either
        for (String line : conf.lines().filter(line -> !line.strip().startsWith("#")).toList()) {
            if (line.contains("/var/lib/speedy-lb") || line.contains("/usr/share/speedy-lb")) {
                throw new IllegalStateException("speedy-lb.conf has a package path the test does not move: " + line);
            }
        }
        Files.writeString(prefix.resolve("speedy-lb.conf"), conf);

        Path tmp = Files.createDirectories(prefix.resolve("tmp"));
        StringBuilder main = new StringBuilder("worker_processes 1;\n")
                .append("pid ").append(prefix.resolve("nginx.pid")).append(";\n")
                .append("events {\n    worker_connections 64;\n}\n")
                .append("http {\n    access_log off;\n");
        // Debian's nginx is built with these under /var/lib/nginx: kept out of the machine's own
        for (String temp : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            main.append("    ").append(temp).append("_temp_path ").append(tmp.resolve(temp)).append(";\n");
        }
        main.append("    include ").append(prefix.resolve("speedy-lb.conf")).append(";\n}\n");
        Path file = prefix.resolve("nginx.conf");
        Files.writeString(file, main);
        return file;
    }

    private void awaitListening() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited with " + process.exitValue() + ":\n" + output());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                return;
            } catch (IOException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("nginx does not listen on port " + port + " after " + START_TIMEOUT
                            + ":\n" + output(), e);
                }
                Thread.sleep(50);
            }
        }
    }

    private String output() throws IOException {
        Path log = prefix.resolve("error.log");
        return Files.readString(prefix.resolve("nginx.out")) + (Files.exists(log) ? Files.readString(log) : "");
    }

    /** A port nothing listens on now: nginx binds it a moment later, the app host doubles ask for their own. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
