package com.speedy.repo.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.repo.publish.Publisher;
import com.speedy.repo.publish.TestRepository;
import com.speedy.testbed.ExecResult;
import com.speedy.testbed.S3Server;
import com.speedy.testbed.Testbed;
import com.speedy.testbed.TestbedHost;
import com.speedy.testbed.TestbedHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;

/**
 * AptClientIT's checks with the bucket as the apt source: apt-get on a testbed host reads an S3 server (S3Proxy on the
 * testbed bridge) that the mirror fills, over anonymous HTTP GETs, while publishes are mirrored.
 */
@TestbedHosts({"host1"})
class S3AptClientIT {
    private static final String[] APT = {"env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "-y", "-q"};

    @TempDir
    Path dir;

    private S3Server server;
    private S3Settings settings;
    private TestRepository repo;
    private TestbedHost host;

    @BeforeEach
    void publishAndMirror(Testbed testbed) throws Exception {
        server = S3Server.start(Files.createDirectories(dir.resolve("s3")), S3Server.TESTBED_GATEWAY);
        String secret = Files.readString(server.credentials()).replaceAll("(?s).*aws_secret_access_key = (\\S+).*",
                "$1");
        settings = new S3Settings(server.endpoint(), "us-east-1", S3Server.ACCESS_KEY, secret,
                Optional.of("public-read"));
        try (S3Client admin = S3Client.builder().endpointOverride(settings.endpoint()).region(Region.US_EAST_1)
                .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        settings.accessKey(), secret))).build()) {
            admin.createBucket(b -> b.bucket("apt").acl(BucketCannedACL.PUBLIC_READ));
        }
        repo = new TestRepository(dir.resolve("repo"), List.of("amd64"));
        repo.publisher(Clock.systemUTC()).publish("dev", List.of(TestRepository.builtDeb("speedy-app")));
        mirror();
        host = testbed.host("host1");
        host.exec("mkdir", "-p", "/etc/apt/keyrings").orThrow();
        host.upload(repo.publicKeyring, "/etc/apt/keyrings/speedy.gpg");
        host.exec("sh", "-c", "echo 'deb [signed-by=/etc/apt/keyrings/speedy.gpg] " + server.endpoint()
                + "/apt/speedy/ dev main' > /etc/apt/sources.list.d/speedy.list").orThrow();
        host.exec("sh", "-c", "rm -rf /var/lib/apt/lists/*" + S3Server.TESTBED_GATEWAY + "* && apt-get clean")
                .orThrow();
    }

    @AfterEach
    void stop() throws Exception {
        host.exec(concat(APT, "purge", "speedy-app"));
        host.exec("rm", "-f", "/etc/apt/sources.list.d/speedy.list", "/etc/apt/keyrings/speedy.gpg").orThrow();
        server.close();
    }

    @Test
    void aptGetUpdateTrustsTheBucketAndInstallsSpeedyApp() {
        ExecResult update = host.exec(concat(APT, "update")).orThrow();
        assertThat(update.stdout() + update.stderr()).doesNotContain("W:", "E:");

        host.exec(concat(APT, "install", "speedy-app")).orThrow();

        assertThat(host.exec("dpkg-query", "-W", "-f=${Status}", "speedy-app").stdout())
                .isEqualTo("install ok installed");
    }

    @Test
    void aTamperedInReleaseInTheBucketIsRefused() throws Exception {
        Path inRelease = server.objects().resolve("apt/speedy/dists/dev/InRelease");
        Files.writeString(inRelease, Files.readString(inRelease).replace("Suite: dev", "Suite: deV"));

        ExecResult update = host.exec(concat(APT, "update"));

        assertThat(update.exitStatus()).isNotZero();
        assertThat(update.stdout() + update.stderr()).contains("BADSIG");
    }

    @Test
    void aHostLoopingAptGetUpdateWhile30MirroredPublishesRunSeesNoFailure() throws Exception {
        host.exec(concat(APT, "update")).orThrow();
        host.exec("rm", "-f", "/tmp/stop-updates").orThrow();
        String loop = "end=$((SECONDS+300)); n=0; fails=0; "
                + "while [ ! -e /tmp/stop-updates ] && [ $SECONDS -lt $end ]; do "
                + "if ! apt-get update -q > /tmp/update.log 2>&1 || grep -q '^[WE]:' /tmp/update.log; then "
                + "fails=$((fails+1)); cat /tmp/update.log; fi; n=$((n+1)); done; echo \"updates=$n failures=$fails\"";
        CompletableFuture<ExecResult> updates = CompletableFuture.supplyAsync(() -> host.exec("bash", "-c", loop));

        Publisher publisher = repo.publisher(Clock.systemUTC());
        for (int i = 1; i <= 20; i++) {
            publisher.publish("dev", List.of(TestRepository.deb(dir, "speedy-demo", "1.0." + i + "-1", "all",
                    "v" + i)));
            mirror();
        }
        host.exec("touch", "/tmp/stop-updates").orThrow();

        String summary = updates.get(6, TimeUnit.MINUTES).orThrow().stdout();
        System.out.println("S3AptClientIT: " + summary.strip());
        assertThat(summary).as("apt-get update while publishing").contains("failures=0");
        int rounds = Integer.parseInt(summary.replaceAll("(?s).*updates=(\\d+).*", "$1").strip());
        assertThat(rounds).as("updates that overlapped the publishes").isGreaterThanOrEqualTo(5);
        host.exec(concat(APT, "update")).orThrow();
        assertThat(host.exec("apt-cache", "policy", "speedy-demo").stdout()).contains("Candidate: 1.0.20-1");
    }

    private void mirror() throws Exception {
        try (S3ObjectStore store = S3ObjectStore.open(settings, "apt")) {
            new Mirror(store, "speedy", message -> { }).mirror(repo.root);
        }
    }

    private static String[] concat(String[] head, String... tail) {
        return Stream.concat(Stream.of(head), Stream.of(tail)).toArray(String[]::new);
    }
}
