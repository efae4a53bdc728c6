package com.speedy.push.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.speedy.push.inventory.SshSettings;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;


/** Hosts that are not there, or that take the connection and then say nothing: each fails within the connect timeout. */
class DeadHostTest {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    /** what the JVM, a busy machine and closing may add to the timeout */
    static final Duration SLACK = Duration.ofMillis(1500);

    @TempDir
    Path dir;

    final List<Socket> accepted = new ArrayList<>();

    @AfterEach
    void hangUp() throws Exception {
        for (Socket socket : accepted) {
            socket.close();
        }
    }

    SshSettings settings() {
        return TestHosts.settings(dir.resolve("known_hosts"), List.of(dir.resolve("id_unused")), false,
                CONNECT_TIMEOUT);
    }

    /** A server that accepts every connection, writes {@code greeting} (maybe nothing) and then never answers. */
    ServerSocket silentServer(String greeting) throws Exception {
        ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket socket = server.accept();
                    synchronized (accepted) {
                        accepted.add(socket);
                    }
                    OutputStream out = socket.getOutputStream();
                    out.write(greeting.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (Exception e) {
                // the server was closed: the test is over
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return server;
    }

    void failsWithinTheConnectTimeout(int port, java.util.function.Consumer<UnreachableHostException> check) throws Exception {
        for (boolean fetchOnly : new boolean[] {false, true}) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> {
                if (fetchOnly) {
                    new HostKeys(settings()).fetch(TestHosts.host(port, "root"));
                } else {
                    new SshConnector(settings(), Optional.empty()).open(TestHosts.host(port, "root")).close();
                }
            }).isInstanceOfSatisfying(UnreachableHostException.class, e -> {
                assertThat(e.address()).isEqualTo("127.0.0.1");
                assertThat(e.port()).isEqualTo(port);
                check.accept(e);
            });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(CONNECT_TIMEOUT.plus(SLACK));
        }
    }

    @Test
    void aPortNobodyListensOnFailsAtOnceAsUnreachable() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        failsWithinTheConnectTimeout(port, e -> assertThat(e).hasMessage("test-sshd: cannot reach 127.0.0.1 port "
                + port + ": connection refused (nothing listens on that port)"));
    }

    @Test
    void aHostThatTakesTheConnectionButNeverGreetsFailsWithinTheConnectTimeout() throws Exception {
        try (ServerSocket server = silentServer("")) {
            failsWithinTheConnectTimeout(server.getLocalPort(),
                    e -> assertThat(e).hasMessageStartingWith("test-sshd: cannot reach 127.0.0.1 port "
                            + server.getLocalPort() + ": "));
        }
    }

    @Test
    void aHostThatGreetsButNeverExchangesKeysFailsWithinTheConnectTimeout() throws Exception {
        try (ServerSocket server = silentServer("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10\r\n")) {
            failsWithinTheConnectTimeout(server.getLocalPort(),
                    e -> assertThat(e).hasMessageContaining("within 1s"));
        }
    }
}
