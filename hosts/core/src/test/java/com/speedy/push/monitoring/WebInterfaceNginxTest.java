package com.speedy.push.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.process.LocalCommand;
import com.speedy.process.ProcessResult;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The site as Debian's nginx runs it, on a free port of 127.0.0.1 with its paths moved under a temporary folder:
 * nginx takes the configuration, checks the password against the hash push made (crypt(3) of the system, as on the
 * host), and refuses an address that is not an operator's even with the password.
 */
class WebInterfaceNginxTest {
    private static final String NGINX = "/usr/sbin/nginx";
    private static final byte[] PASSWORD = WebInterfaceTest.bytes("an operator's pass: ünïcode");

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void anOperatorGetsThePagesWithThePasswordOnlyAndAnyoneElseIsRefused() throws Exception {
        int port = freePort();
        Process nginx = start(new WebInterface(List.of("192.0.2.10", "127.0.0.1")), port);
        try {
            for (String path : List.of("/", "/munin/", "/nagios4/", "/nagios4/cgi-bin/status.cgi")) {
                assertThat(get(port, path, Optional.empty()).statusCode()).as(path + " without a password")
                        .isEqualTo(401);
            }
            assertThat(get(port, "/munin/", Optional.of(WebInterfaceTest.bytes("wrong"))).statusCode()).isEqualTo(401);
            HttpResponse<String> munin = get(port, "/munin/", Optional.of(PASSWORD));
            assertThat(munin.statusCode()).isEqualTo(200);
            assertThat(munin.body()).isEqualTo("Munin's overview\n");
            HttpResponse<String> index = get(port, "/", Optional.of(PASSWORD));
            assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html");
            assertThat(index.body()).isEqualTo(WebInterface.index());
            assertThat(get(port, "/nagios4/", Optional.of(PASSWORD)).headers().firstValue("Location")).get()
                    .asString().endsWith("/nagios4/cgi-bin/tac.cgi");
            assertThat(get(port, "/nagios4/index.php", Optional.of(PASSWORD)).statusCode())
                    .as("PHP's source is not served").isEqualTo(403);
            assertThat(get(port, "/nagios4/index.php", Optional.empty()).statusCode()).isEqualTo(403);
        } finally {
            stop(nginx);
        }

        Process other = start(new WebInterface(List.of("192.0.2.10")), port);
        try {
            for (String path : List.of("/", "/munin/", "/nagios4/", "/nagios4/cgi-bin/status.cgi", "/x.php")) {
                assertThat(get(port, path, Optional.of(PASSWORD)).statusCode()).as(path + " from an address that is"
                        + " not an operator's").isEqualTo(403);
                assertThat(get(port, path, Optional.empty()).statusCode()).isEqualTo(403);
            }
        } finally {
            stop(other);
        }
    }

    /** nginx in the foreground with the site, once nginx -t took it and it answers. */
    private Process start(WebInterface web, int port) throws Exception {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path munin = Files.createDirectories(dir.resolve("munin"));
        Files.writeString(munin.resolve("index.html"), "Munin's overview\n");
        Path nagios = Files.createDirectories(dir.resolve("nagios"));
        Files.writeString(nagios.resolve("index.php"), "<?php // Debian's frame ?>\n");
        // As nginx's workers (nobody, under a root master) read it here; on the host, www-data through its group.
        Files.writeString(dir.resolve("htpasswd"), WebInterface.htpasswd(Optional.empty(), PASSWORD,
                new SecureRandom()));
        String site = web.site();
        for (Map.Entry<String, String> move : Map.of("listen 80 default_server;", "listen 127.0.0.1:" + port + ";",
                "listen [::]:80 default_server;", "", WebInterface.HTPASSWD, dir.resolve("htpasswd").toString(),
                "/var/cache/munin/www/", munin + "/", "/usr/share/nagios4/htdocs/", nagios + "/",
                "include fastcgi_params;", "include /etc/nginx/fastcgi_params;").entrySet()) {
            assertThat(site).as("the site still has " + move.getKey()).contains(move.getKey());
            site = site.replace(move.getKey(), move.getValue());
        }
        Files.writeString(dir.resolve("site.conf"), site);
        StringBuilder main = new StringBuilder("worker_processes 1;\npid " + dir.resolve("nginx.pid") + ";\n"
                + "events {\n    worker_connections 64;\n}\nhttp {\n    access_log off;\n");
        for (String temp : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            main.append("    ").append(temp).append("_temp_path ").append(dir.resolve("tmp-" + temp)).append(";\n");
        }
        Path conf = Files.writeString(dir.resolve("nginx.conf"), main.append("    include ")
                .append(dir.resolve("site.conf")).append(";\n}\n"));
        List<String> argv = List.of(NGINX, "-p", dir + "/", "-c", conf.toString(), "-e", dir.resolve("error.log")
                .toString());
        ProcessResult test = LocalCommand.of(concat(argv, "-t")).withStderrMerged().run();
        assertThat(test.succeeded()).as("nginx -t:\n" + test.stdoutText()).isTrue();
        Process nginx = new ProcessBuilder(concat(argv, "-g", "daemon off;")).redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx.out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                get(port, "/", Optional.empty());
                return nginx;
            } catch (IOException e) {
                if (!nginx.isAlive() || System.nanoTime() > deadline) {
                    stop(nginx);
                    throw new IllegalStateException("nginx does not answer: " + Files.readString(dir.resolve(
                            "nginx.out")), e);
                }
                Thread.sleep(50);
            }
        }
    }

    private HttpResponse<String> get(int port, String path, Optional<byte[]> password)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5));
        password.ifPresent(p -> request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                concat(WebInterfaceTest.bytes(WebInterface.USER + ":"), p))));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Stops nginx: TERM is its fast shutdown; its workers leave with it. */
    private static void stop(Process nginx) throws InterruptedException {
        List<ProcessHandle> workers = nginx.descendants().toList();
        nginx.destroy();
        if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
            nginx.destroyForcibly();
        }
        workers.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static List<String> concat(List<String> first, String... more) {
        return Stream.concat(first.stream(), Arrays.stream(more)).toList();
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
