package com.speedy.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filter in a real HTTP server, in front of a handler that answers 200, with the time fixed. */
class MaintenanceFilterTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String BROWSER = "text/html,application/xhtml+xml,*/*;q=0.8";
    private static final Instant NOW = Instant.parse("2026-12-02T20:14:30Z");
    /** The page as it was before the flag file could hold a notice: an empty file must still give exactly this. */
    private static final String STANDARD_PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>Speedy is being updated</title></head>
            <body>
            <h1>We'll be right back</h1>
            <p>Speedy is being updated and will be back in a few minutes. Thank you for your patience.</p>
            </body>
            </html>
            """;

    @TempDir
    Path dir;

    private Path flag;
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        flag = dir.resolve("maintenance");
        Maintenance maintenance = new Maintenance(flag, Duration.ofMinutes(2), warning -> { });
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        HttpContext api = server.createContext("/", exchange -> Exchanges.json(exchange, 200, Map.of("ok", true)));
        api.getFilters().add(new MaintenanceFilter(maintenance,
                new RequestMetrics(new LatencyWindow(System::nanoTime)), Clock.fixed(NOW, ZoneOffset.UTC)));
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void passesRequestsOnWithoutTheFlagFile() throws Exception {
        assertThat(get("application/json").statusCode()).isEqualTo(200);
    }

    @Test
    void anEmptyFlagFileGivesTheStandardPageAndJsonWithTheConfiguredRetryAfter() throws Exception {
        Files.createFile(flag);

        HttpResponse<String> browser = get(BROWSER);
        assertThat(browser.statusCode()).isEqualTo(503);
        assertThat(browser.headers().firstValue("Retry-After")).hasValue("120");
        assertThat(browser.body()).isEqualTo(STANDARD_PAGE);

        HttpResponse<String> client = get("application/json");
        assertThat(client.statusCode()).isEqualTo(503);
        assertThat(client.headers().firstValue("Retry-After")).hasValue("120");
        assertThat(client.body()).isEqualTo("{\"error\":\"maintenance\","
                + "\"message\":\"Speedy is being updated; try again later.\",\"retryAfterSeconds\":120}");
    }

    @Test
    void aMessageAndAnUntilAheadShowEscapedOnThePageAndInTheJsonAndSetRetryAfter() throws Exception {
        Files.writeString(flag, "message=Moving to a <script>alert(1)</script> bigger database & server\n"
                + "until=2026-12-02T21:00:00Z\n");

        HttpResponse<String> browser = get(BROWSER);
        assertThat(browser.statusCode()).isEqualTo(503);
        assertThat(browser.headers().firstValue("Retry-After")).hasValue(Long.toString(45 * 60 + 30));
        assertThat(browser.body()).isEqualTo(STANDARD_PAGE.replace("</body>",
                "<p>Moving to a &lt;script&gt;alert(1)&lt;/script&gt; bigger database &amp; server</p>\n"
                        + "<p>We expect to be back by 21:00 UTC.</p>\n</body>"));
        assertThat(browser.body()).doesNotContain("<script>");

        HttpResponse<String> client = get("application/json");
        assertThat(client.headers().firstValue("Retry-After")).hasValue("2730");
        JsonNode body = Exchanges.JSON.readTree(client.body());
        assertThat(body.get("error").asText()).isEqualTo("maintenance");
        assertThat(body.get("message").asText())
                .isEqualTo("Moving to a <script>alert(1)</script> bigger database & server");
        assertThat(body.get("until").asText()).isEqualTo("2026-12-02T21:00:00Z");
        assertThat(body.get("retryAfterSeconds").asLong()).isEqualTo(2730);
    }

    @Test
    void anUntilOnAnotherDayShowsTheDateToo() {
        assertThat(MaintenanceFilter.backBy(Instant.parse("2026-12-03T06:30:00Z"), NOW))
                .isEqualTo("06:30 UTC on 2026-12-03");
        assertThat(MaintenanceFilter.backBy(Instant.parse("2026-12-02T23:59:00Z"), NOW)).isEqualTo("23:59 UTC");
    }

    @Test
    void anUntilThatHasPassedGivesTheConfiguredRetryAfterAndKeepsTheMessage() throws Exception {
        Files.writeString(flag, "message=Nearly there\nuntil=2026-12-02T20:00:00Z\n");

        HttpResponse<String> browser = get(BROWSER);
        assertThat(browser.headers().firstValue("Retry-After")).hasValue("120");
        assertThat(browser.body()).contains("<p>Nearly there</p>").doesNotContain("expect to be back");

        HttpResponse<String> client = get("application/json");
        assertThat(client.headers().firstValue("Retry-After")).hasValue("120");
        assertThat(client.body()).isEqualTo(
                "{\"error\":\"maintenance\",\"message\":\"Nearly there\",\"retryAfterSeconds\":120}");
    }

    @Test
    void garbledContentStillRefusesWithTheStandardPageAndTheConfiguredRetryAfter() throws Exception {
        Files.writeString(flag, "message=Back soon\nuntil=tomorrow\n");

        HttpResponse<String> browser = get(BROWSER);
        assertThat(browser.statusCode()).isEqualTo(503);
        assertThat(browser.headers().firstValue("Retry-After")).hasValue("120");
        assertThat(browser.body()).isEqualTo(STANDARD_PAGE);

        HttpResponse<String> client = get("application/json");
        assertThat(client.statusCode()).isEqualTo(503);
        assertThat(client.headers().firstValue("Retry-After")).hasValue("120");
        assertThat(client.body()).doesNotContain("until", "Back soon");
    }

    @Test
    void escapesEveryCharacterThatMeansSomethingInHtml() {
        assertThat(MaintenanceFilter.escapeHtml("<a href=\"x\" title='y'>&</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
        assertThat(MaintenanceFilter.page(new Notice(Optional.empty(), Optional.empty()), NOW))
                .isEqualTo(STANDARD_PAGE);
    }

    private HttpResponse<String> get(String accept) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                + "/api/posts")).header("Accept", accept).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
