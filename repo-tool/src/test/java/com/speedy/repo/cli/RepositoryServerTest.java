package com.speedy.repo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
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
