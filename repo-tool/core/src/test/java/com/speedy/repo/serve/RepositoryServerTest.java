package com.speedy.repo.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.process.LocalCommand;
import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** repo-tool serve over real HTTP: conditional requests, so apt re-downloads an InRelease only when it changed. */
class RepositoryServerTest {
    @TempDir
    Path root;

    private HttpServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void serveASuiteThatIsASymlinkToItsGeneration() throws Exception {
        Files.createDirectories(root.resolve("dists/.dev.1"));
        Files.writeString(root.resolve("dists/.dev.1/InRelease"), "signed release\n");
        Files.setLastModifiedTime(root.resolve("dists/.dev.1/InRelease"),
                FileTime.from(Instant.parse("2026-11-22T10:00:00Z")));
        Files.createSymbolicLink(root.resolve("dists/dev"), Path.of(".dev.1"));
        linkMadeAt("2026-11-22 09:00:00Z");
        server = RepositoryServer.start(root, "127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void sendsLastModifiedAndAnswersIfModifiedSinceWith304() throws Exception {
        HttpResponse<String> first = get("/dists/dev/InRelease", null, null);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("signed release\n");
        assertThat(first.headers().firstValue("Last-Modified")).hasValue("Sun, 22 Nov 2026 10:00:00 GMT");

        assertThat(get("/dists/dev/InRelease", "Sun, 22 Nov 2026 10:00:00 GMT", null).statusCode()).isEqualTo(304);
        assertThat(get("/dists/dev/InRelease", "Sun, 22 Nov 2026 09:59:59 GMT", null).statusCode()).isEqualTo(200);
        assertThat(get("/dists/dev/InRelease", "not a date", null).statusCode()).isEqualTo(200);
    }

    @Test
    void sendsAnETagAndAnswersIfNoneMatchWith304UntilTheFileChanges() throws Exception {
        String etag = get("/dists/dev/InRelease", null, null).headers().firstValue("ETag").orElseThrow();

        assertThat(get("/dists/dev/InRelease", null, etag).statusCode()).isEqualTo(304);
        Files.writeString(root.resolve("dists/.dev.1/InRelease"), "signed release, next generation\n");
        assertThat(get("/dists/dev/InRelease", null, etag).statusCode()).isEqualTo(200);
    }

    @Test
    void hidesGenerationFoldersAndTemporaryFilesButFollowsTheSuiteSymlink() throws Exception {
        assertThat(get("/dists/dev/InRelease", null, null).statusCode()).isEqualTo(200);
        assertThat(get("/dists/.dev.1/InRelease", null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void aSuiteSwitchedToAGenerationWrittenBeforeTheLastFetchIsStillSentWhole() throws Exception {
        Files.createDirectories(root.resolve("dists/.dev.2"));
        Files.writeString(root.resolve("dists/.dev.2/InRelease"), "signed release 2\n");
        Files.setLastModifiedTime(root.resolve("dists/.dev.2/InRelease"),
                FileTime.from(Instant.parse("2026-11-22T10:00:00Z")));
        Files.createSymbolicLink(root.resolve("dists/.dev.link"), Path.of(".dev.2"));
        Files.move(root.resolve("dists/.dev.link"), root.resolve("dists/dev"),
                java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        linkMadeAt("2026-11-22 11:00:00Z");

        HttpResponse<String> after = get("/dists/dev/InRelease", "Sun, 22 Nov 2026 10:30:00 GMT", null);
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.body()).isEqualTo("signed release 2\n");
        assertThat(after.headers().firstValue("Last-Modified")).hasValue("Sun, 22 Nov 2026 11:00:00 GMT");
    }

    @Test
    void aFileChangedThisSecondIsDatedTheSecondBeforeSoThatAnotherChangeInItIsNotAnsweredNotModified()
            throws Exception {
        // Write and ask within one second (file times come from the kernel's coarse clock: not at its very start).
        while (Instant.now().getNano() < 50_000_000 || Instant.now().getNano() > 500_000_000) {
            Thread.sleep(5);
        }
        Instant second = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Files.writeString(root.resolve("dists/.dev.1/InRelease"), "just written\n");
        HttpResponse<String> first = get("/dists/dev/InRelease", null, null);
        Files.writeString(root.resolve("dists/.dev.1/InRelease"), "written again in the same second\n");
        assertThat(Instant.now().truncatedTo(ChronoUnit.SECONDS)).as("both writes in one second").isEqualTo(second);
        // apt sends back the Last-Modified it got, or, given none, the second its own clock read at the response.
        String ifModifiedSince = first.headers().firstValue("Last-Modified").orElse(DateTimeFormatter
                .RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(second, ZoneOffset.UTC)));
        Thread.sleep(1_200);

        HttpResponse<String> next = get("/dists/dev/InRelease", ifModifiedSince, null);

        assertThat(next.statusCode()).as("If-Modified-Since: " + ifModifiedSince).isEqualTo(200);
        assertThat(next.body()).isEqualTo("written again in the same second\n");
        assertThat(ifModifiedSince).isEqualTo(DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(
                second.minusSeconds(1), ZoneOffset.UTC)));
    }

    /** Sets the symlink's own mtime (Java has no lutimes). */
    private void linkMadeAt(String date) throws Exception {
        LocalCommand.of("touch", "-h", "-d", date, root.resolve("dists/dev").toString()).run().orThrow();
    }

    private HttpResponse<String> get(String path, String ifModifiedSince, String ifNoneMatch) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path));
        if (ifModifiedSince != null) {
            request.header("If-Modified-Since", ifModifiedSince);
        }
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
