package com.speedy.repo.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.process.LocalCommand;
import com.speedy.repo.publish.Publisher;
import com.speedy.repo.publish.TestRepository;
import com.speedy.testbed.S3Server;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;

/**
 * The mirror against a real S3 server (S3Proxy, {@link S3Server}) read by the real apt-get on this machine over plain
 * anonymous HTTP GETs, as a CDN or a client reads a public bucket; apt's state lives in a folder of the test's own.
 */
class S3MirrorIT {
    private static final String BUCKET = "apt";
    private static final String PREFIX = "speedy";

    @TempDir
    Path dir;

    private S3Server server;
    private S3Settings settings;
    private TestRepository repo;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void serverAndRepository() throws Exception {
        server = S3Server.start(Files.createDirectories(dir.resolve("s3")));
        String secret = Files.readString(server.credentials()).replaceAll("(?s).*aws_secret_access_key = (\\S+).*",
                "$1");
        settings = new S3Settings(server.endpoint(), "us-east-1", S3Server.ACCESS_KEY, secret,
                Optional.of("public-read"));
        try (S3Client admin = adminClient()) {
            // public-read: clients GET objects without a key, as apt does
            admin.createBucket(b -> b.bucket(BUCKET).acl(BucketCannedACL.PUBLIC_READ));
        }
        repo = new TestRepository(dir.resolve("repo"), List.of("amd64"));
        publisher().publish("dev", List.of(TestRepository.deb(dir, "speedy-demo", "1.0.0-1", "all", "v0")));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void aMirrorPutsEveryFileWithItsCacheHeaderAndAnonymousGetsReadThemBack() throws Exception {
        Mirror.Result result = mirror();

        assertThat(result.uploaded()).isGreaterThan(5);
        assertThat(requests.stream().filter(r -> r.startsWith("LIST"))).hasSize(1);
        assertThat(requests.get(requests.size() - 1)).isEqualTo("PUT speedy/dists/dev/InRelease");
        HttpResponse<byte[]> inRelease = get("dists/dev/InRelease");
        assertThat(inRelease.statusCode()).isEqualTo(200);
        assertThat(inRelease.body()).isEqualTo(Files.readAllBytes(repo.root.resolve("dists/dev/InRelease")));
        assertThat(inRelease.headers().firstValue("Cache-Control")).hasValue("public, max-age=60");
        String pool = "pool/main/s/speedy-demo/speedy-demo_1.0.0-1_all.deb";
        HttpResponse<byte[]> deb = get(pool);
        assertThat(deb.body()).isEqualTo(Files.readAllBytes(repo.root.resolve(pool)));
        assertThat(deb.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
        assertThat(get("conf/signing-key.asc").statusCode()).isEqualTo(404);
    }

    @Test
    void aSecondMirrorListsOnceAndUploadsNothingThenAPublishUploadsOnlyWhatChangedInReleaseLast() throws Exception {
        mirror();
        requests.clear();

        assertThat(mirror()).isEqualTo(new Mirror.Result(0, mirrorPlanSize()));
        assertThat(requests).containsExactly("LIST");

        requests.clear();
        publisher().publish("dev", List.of(TestRepository.deb(dir, "speedy-demo", "1.0.1-1", "all", "v1")));
        mirror();

        assertThat(requests.get(0)).isEqualTo("LIST");
        assertThat(requests.stream().filter(r -> r.startsWith("LIST"))).hasSize(1);
        assertThat(requests.get(1)).isEqualTo("PUT speedy/pool/main/s/speedy-demo/speedy-demo_1.0.1-1_all.deb");
        assertThat(requests.get(requests.size() - 1)).isEqualTo("PUT speedy/dists/dev/InRelease");
        assertThat(requests).doesNotContain("PUT speedy/pool/main/s/speedy-demo/speedy-demo_1.0.0-1_all.deb");
    }

    @Test
    void aptGetUpdateAndDownloadReadTheBucketAVersionWithTildeAndPlusToo() throws Exception {
        publisher().publish("dev", List.of(TestRepository.deb(dir, "speedy-rc", "1.0~rc1+b1-1", "all", "rc")));
        mirror();
        Path apt = aptState();

        String out = apt(apt, "update");

        assertThat(out.lines().filter(l -> l.matches("^(W|E|Err|N):.*"))).as(out).isEmpty();
        apt(apt, "install", "-y", "--download-only", "speedy-demo");
        assertThat(apt.resolve("cache/archives/speedy-demo_1.0.0-1_all.deb")).hasSameBinaryContentAs(
                repo.root.resolve("pool/main/s/speedy-demo/speedy-demo_1.0.0-1_all.deb"));
        // apt asks for speedy-rc_1.0%7erc1%2bb1-1_all.deb
        apt(apt, "install", "-y", "--download-only", "speedy-rc");
        assertThat(apt.resolve("cache/archives/speedy-rc_1.0~rc1+b1-1_all.deb")).hasSameBinaryContentAs(
                repo.root.resolve("pool/main/s/speedy-rc/speedy-rc_1.0~rc1+b1-1_all.deb"));
    }

    @Test
    void aClientLoopingAptGetUpdateWhilePublishesAreMirroredSeesNoFailure() throws Exception {
        mirror();
        Path apt = aptState();
        apt(apt, "update");
        AtomicBoolean stop = new AtomicBoolean();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Integer> updates = CompletableFuture.supplyAsync(() -> {
            int rounds = 0;
            while (!stop.get()) {
                try {
                    String out = apt(apt, "update");
                    out.lines().filter(l -> l.matches("^(W|E|Err):.*")).forEach(failures::add);
                } catch (Exception e) {
                    failures.add(e.getMessage());
                }
                rounds++;
            }
            return rounds;
        });
        Publisher publisher = publisher();
        for (int i = 1; i <= 20; i++) {
            publisher.publish("dev", List.of(TestRepository.deb(dir, "speedy-demo", "1.0." + i + "-1", "all",
                    "v" + i)));
            mirror();
        }
        stop.set(true);
        int rounds = updates.get(5, TimeUnit.MINUTES);

        System.out.println("S3MirrorIT: " + rounds + " apt-get updates during 20 mirrored publishes, "
                + failures.size() + " failures");
        assertThat(failures).as("apt-get update while publishing").isEmpty();
        assertThat(rounds).as("updates that overlapped the publishes").isGreaterThanOrEqualTo(5);
        apt(apt, "update");
        assertThat(aptCache(apt, "policy", "speedy-demo")).contains("Candidate: 1.0.20-1");
    }

    private Publisher publisher() throws Exception {
        return repo.publisher(Clock.systemUTC());
    }

    private Mirror.Result mirror() throws Exception {
        try (S3ObjectStore store = S3ObjectStore.open(settings, BUCKET, List.of(new RequestLog()))) {
            return new Mirror(store, PREFIX, message -> { }).mirror(repo.root);
        }
    }

    private int mirrorPlanSize() throws Exception {
        return MirrorPlan.of(repo.root, PREFIX).size();
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.endpoint() + "/" + BUCKET + "/" + PREFIX + "/"
                + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private S3Client adminClient() {
        return S3Client.builder().endpointOverride(settings.endpoint())
                .region(software.amazon.awssdk.regions.Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(settings.accessKey(),
                                settings.secretKey())))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build();
    }

    /** apt's state in a folder of its own (never this machine's), its one source the bucket. */
    private Path aptState() throws Exception {
        Path apt = Files.createTempDirectory(dir, "apt-");
        Files.createDirectories(apt.resolve("state/lists/partial"));
        Files.createDirectories(apt.resolve("cache/archives/partial"));
        Files.writeString(apt.resolve("status"), "");
        Files.writeString(apt.resolve("sources.list"), "deb [signed-by=" + repo.publicKeyring + "] "
                + server.endpoint() + "/" + BUCKET + "/" + PREFIX + "/ dev main\n");
        return apt;
    }

    private static String apt(Path apt, String... command) throws Exception {
        return run(apt, "apt-get", command);
    }

    private static String aptCache(Path apt, String... command) throws Exception {
        return run(apt, "apt-cache", command);
    }

    private static String run(Path apt, String tool, String... command) throws Exception {
        List<String> argv = new ArrayList<>(List.of(tool, "-q",
                "-o", "Dir::State=" + apt.resolve("state"), "-o", "Dir::State::status=" + apt.resolve("status"),
                "-o", "Dir::Cache=" + apt.resolve("cache"), "-o", "Dir::Etc::SourceList=" + apt.resolve("sources.list"),
                "-o", "Dir::Etc::SourceParts=/dev/null", "-o", "Dir::Etc::Parts=/dev/null",
                "-o", "Dir::Etc::Preferences=/dev/null", "-o", "Dir::Etc::PreferencesParts=/dev/null",
                "-o", "APT::Sandbox::User=root"));
        argv.addAll(List.of(command));
        return LocalCommand.of(argv.toArray(String[]::new)).withStderrMerged().withTimeout(Duration.ofMinutes(2))
                .run().orThrow().stdoutText();
    }

    /** Every request the SDK sends, as "LIST" or "PUT key": the test counts the listings and checks the order. */
    private final class RequestLog implements ExecutionInterceptor {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            SdkHttpRequest request = context.httpRequest();
            if (request.rawQueryParameters().containsKey("list-type")) {
                requests.add("LIST");
            } else {
                requests.add(request.method() + " " + request.encodedPath().replaceFirst("^/" + BUCKET + "/", ""));
            }
        }
    }
}
