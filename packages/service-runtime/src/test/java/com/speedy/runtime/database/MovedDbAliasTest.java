package com.speedy.runtime.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failover as the services see it: the old primary is fenced (every connection to its address drops and new ones are
 * refused) and the alias {@code db} moves to the new primary's address. The pool must reach the new address by itself,
 * within the DNS cache TTL, without a restart.
 *
 * <p>The service side runs in a fresh JVM ({@link MovedDbAliasProbe}) that starts as the services do and resolves names
 * from the file named by {@code jdk.net.hosts.file}, standing in for /etc/hosts. The old primary is a forwarder on
 * 127.0.0.3; the new one is PostgreSQL itself on 127.0.0.2 (bin/setup makes it listen there).
 */
class MovedDbAliasTest {
    @Test
    void poolFollowsTheDbAliasToTheNewPrimaryWithinTheDnsTtl(@TempDir Path dir) throws Exception {
        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, "127.0.0.3 db\n");
        try (TestDatabase testDb = TestDatabase.create();
             TcpForwarder oldPrimary = new TcpForwarder(
                     new InetSocketAddress(InetAddress.getByName("127.0.0.3"), testDb.settings().port()),
                     new InetSocketAddress(InetAddress.getByName("127.0.0.1"), testDb.settings().port()))) {
            Process probe = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djdk.net.hosts.file=" + hosts, "-cp", System.getProperty("java.class.path"),
                    MovedDbAliasProbe.class.getName(), Integer.toString(testDb.settings().port()), testDb.name())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            try (BufferedReader out = new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8));
                 Writer in = new OutputStreamWriter(probe.getOutputStream(), StandardCharsets.UTF_8)) {
                assertThat(nextReport(out, "before ")).as("through the old primary's address").isEqualTo("before 127.0.0.1");

                oldPrimary.close();
                Files.writeString(hosts, "127.0.0.2 db\n");
                in.write("moved\n");
                in.flush();

                String[] after = nextReport(out, "after ").split(" ");
                assertThat(after[1]).as("the address the pool reaches after the move").isEqualTo("127.0.0.2");
                assertThat(Long.parseLong(after[2])).as("ms until it got there")
                        .isLessThan((DnsCache.TTL_SECONDS + 5) * 1000L);
            } finally {
                probe.destroy();
                probe.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The probe's next report; its log lines (the pool's warnings) go to the same stdout and are skipped. */
    private static String nextReport(BufferedReader out, String prefix) throws IOException {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IOException("the probe ended without printing '" + prefix + "...'");
    }
}
