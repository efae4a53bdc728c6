package com.speedy.repo.publish;

import com.speedy.debian.Suite;
import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.repo.serve.RepositoryServer;
import com.speedy.testbed.ExecResult;
import com.speedy.testbed.Testbed;
import com.speedy.testbed.TestbedHost;
import com.speedy.testbed.TestbedHosts;
import com.sun.net.httpserver.HttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real client: apt-get on a testbed host, given the repository's URL and public key, against a repository that
 * repo-tool published and serves on the testbed bridge.
 */
@TestbedHosts({"host1"})
class AptClientIT {
    private static final String BRIDGE_ADDRESS = "10.213.7.1";
    private static final String[] APT = {"env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "-y", "-q"};

    @TempDir
    Path dir;

    private TestRepository repo;
    private HttpServer server;
    private TestbedHost host;

    @BeforeEach
    void publishAndServe(Testbed testbed) throws Exception {
        repo = new TestRepository(dir.resolve("repo"), List.of("amd64"));
        repo.publisher(Clock.systemUTC()).publish("dev", List.of(TestRepository.builtDeb("speedy-app")));
        server = RepositoryServer.start(repo.root, BRIDGE_ADDRESS, 0);
        host = testbed.host("host1");
        host.exec("mkdir", "-p", "/etc/apt/keyrings").orThrow();
        host.upload(repo.publicKeyring, "/etc/apt/keyrings/speedy.gpg");
        host.exec("sh", "-c", "echo 'deb [signed-by=/etc/apt/keyrings/speedy.gpg] http://" + BRIDGE_ADDRESS + ":"
                + server.getAddress().getPort() + "/ dev main' > /etc/apt/sources.list.d/speedy.list").orThrow();
        host.exec("sh", "-c", "rm -rf /var/lib/apt/lists/*" + BRIDGE_ADDRESS + "* && apt-get clean").orThrow();
    }

    @AfterEach
    void stop() {
        host.exec(concat(APT, "purge", "speedy-app"));
        host.exec("rm", "-f", "/etc/apt/sources.list.d/speedy.list", "/etc/apt/keyrings/speedy.gpg").orThrow();
        server.stop(0);
    }

    @Test
    void aptGetUpdateTrustsTheSignedRepositoryAndInstallsSpeedyApp() {
        ExecResult update = host.exec(concat(APT, "update")).orThrow();
        assertThat(update.stdout() + update.stderr()).doesNotContain("W:", "E:");

        host.exec(concat(APT, "install", "speedy-app")).orThrow();

        assertThat(host.exec("dpkg-query", "-W", "-f=${Status}", "speedy-app").stdout()).isEqualTo("install ok installed");
    }

    @Test
    void aTamperedInReleaseIsRefused() throws Exception {
        Path inRelease = repo.root.resolve("dists/dev/InRelease");
        Files.writeString(inRelease, Files.readString(inRelease).replace("Suite: dev", "Suite: deV"));
        Files.delete(repo.root.resolve("dists/dev/Release.gpg"));

        ExecResult update = host.exec(concat(APT, "update"));

        assertThat(update.exitStatus()).isNotZero();
        assertThat(update.stdout() + update.stderr()).contains("BADSIG");
    }

    @Test
    void aTamperedPackagesIndexIsRefused() throws Exception {
        try (Stream<Path> files = Files.walk(repo.root.resolve("dists/dev/main"))) {
            for (Path index : files.filter(Files::isRegularFile).toList()) {
                Files.write(index, new byte[] {'\n'}, StandardOpenOption.APPEND);
            }
        }

        ExecResult update = host.exec(concat(APT, "update"));

        assertThat(update.exitStatus()).isNotZero();
        assertThat(update.stdout() + update.stderr()).containsAnyOf("Hash Sum mismatch", "File has unexpected size");
    }

    @Test
    void aTamperedPoolFileIsRefused() throws Exception {
        host.exec(concat(APT, "update")).orThrow();
        Path pooled;
        try (Stream<Path> files = Files.walk(repo.root.resolve("pool"))) {
            pooled = files.filter(p -> p.toString().endsWith(".deb")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(pooled);
        bytes[bytes.length / 2] ^= 1;
        Files.write(pooled, bytes);

        ExecResult install = host.exec(concat(APT, "install", "speedy-app"));

        assertThat(install.exitStatus()).isNotZero();
        assertThat(install.stdout() + install.stderr()).contains("Hash Sum mismatch");
        assertThat(host.exec("dpkg-query", "-W", "-f=${Status}", "speedy-app").stdout()).doesNotContain("installed");
    }

    @Test
    void aHostLoopingAptGetUpdateWhile50PublishesRunSeesNoFailure() throws Exception {
        host.exec(concat(APT, "update")).orThrow();
        host.exec("rm", "-f", "/tmp/stop-updates").orThrow();
        // The loop stops when the test says so, or after 5 minutes whatever happens.
        String loop = "end=$((SECONDS+300)); n=0; fails=0; "
                + "while [ ! -e /tmp/stop-updates ] && [ $SECONDS -lt $end ]; do "
                + "if ! apt-get update -q > /tmp/update.log 2>&1 || grep -q '^[WE]:' /tmp/update.log; then "
                + "fails=$((fails+1)); cat /tmp/update.log; fi; n=$((n+1)); done; echo \"updates=$n failures=$fails\"";
        java.util.concurrent.CompletableFuture<ExecResult> updates =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> host.exec("bash", "-c", loop));

        Publisher publisher = repo.publisher(Clock.systemUTC());
        for (int i = 1; i <= 50; i++) {
            publisher.publish("dev", List.of(TestRepository.deb(dir, "speedy-demo", "1.0." + i + "-1", "all", "v" + i)));
        }
        host.exec("touch", "/tmp/stop-updates").orThrow();

        String summary = updates.get(6, java.util.concurrent.TimeUnit.MINUTES).orThrow().stdout();
        assertThat(summary).as("apt-get update while publishing").contains("failures=0");
        int rounds = Integer.parseInt(summary.replaceAll("(?s).*updates=(\\d+).*", "$1").strip());
        assertThat(rounds).as("updates that overlapped the publishes").isGreaterThanOrEqualTo(5);
        host.exec(concat(APT, "update")).orThrow();
        assertThat(host.exec("apt-cache", "policy", "speedy-demo").stdout()).contains("Candidate: 1.0.50-1");
    }

    private static String[] concat(String[] head, String... tail) {
        return Stream.concat(Stream.of(head), Stream.of(tail)).toArray(String[]::new);
    }
}
