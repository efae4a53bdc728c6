package com.speedy.lb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** speedy-lb.conf as the package ships it, run by the real nginx in front of app hosts on 127.0.0.1. */
class LoadBalancerConfigTest {
    private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    private static final String API = "application/json";
    private static final String CUSTOM_HTML = "<!doctype html><p>Database upgrade until 14:00 UTC</p>\n";
    private static final String CUSTOM_JSON =
            "{\"error\":\"maintenance\",\"message\":\"Database upgrade until 14:00 UTC\",\"retryAfterSeconds\":300}\n";

    @TempDir
    Path prefix;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .proxy(HttpClient.Builder.NO_PROXY).connectTimeout(Duration.ofSeconds(5)).build();
    private final List<AutoCloseable> running = new ArrayList<>();

    @AfterEach
    void stopNginxAndTheAppHosts() throws Exception {
        for (int i = running.size() - 1; i >= 0; i--) {
            running.get(i).close();
        }
    }

    @Test
    void requestsReachTheAppHostWithTheClientsHostAndAddress() throws Exception {
        AppHostDouble app = appHost(200, Map.of(), "hello from the app");
        Nginx nginx = nginx(app.poolLine());

        HttpResponse<String> response = get(nginx.uri("/api/orders?x=1"), BROWSER);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("hello from the app");
        assertThat(app.requests()).hasSize(1);
        var headers = app.requests().get(0);
        assertThat(headers.getFirst("Host")).isEqualTo("127.0.0.1");
        assertThat(headers.getFirst("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(headers.getFirst("X-Real-IP")).isEqualTo("127.0.0.1");
        assertThat(headers.getFirst("X-Forwarded-Proto")).isEqualTo("http");
        assertThat(headers.getFirst("Connection")).as("kept open to the app host").isNull();
    }

    @Test
    void whenNoAppHostAnswersBrowsersGetTheMaintenancePageAndApiClientsTheJson() throws Exception {
        Nginx nginx = nginx("server 127.0.0.1:" + Nginx.freePort() + " max_fails=1 fail_timeout=5s;\n");

        assertMaintenancePage(get(nginx.uri("/"), BROWSER));
        assertMaintenanceJson(get(nginx.uri("/api/orders"), API));
        assertMaintenanceJson(post(nginx.uri("/api/orders"), API));
    }

    @Test
    void thePlaceholderPoolPassesNginxTestAndEveryRequestGetsTheMaintenancePage() throws Exception {
        // start() has nginx -t check the configuration first, and fails with its answer
        Nginx nginx = nginx(Files.readString(Nginx.DEB.resolve("share/pool-placeholder.conf")));

        assertMaintenancePage(get(nginx.uri("/"), BROWSER));
        assertMaintenanceJson(get(nginx.uri("/api/orders"), API));
        HttpResponse<String> health = get(nginx.uri("/lb-healthz"), BROWSER);
        assertThat(health.statusCode()).as("the balancer itself is up").isEqualTo(200);
        assertThat(health.body()).isEqualTo("ok\n");
    }

    @Test
    void theMaintenanceFlagAnswers503EvenThoughTheAppHostAnswers() throws Exception {
        AppHostDouble app = appHost(200, Map.of(), "hello from the app");
        Nginx nginx = nginx(app.poolLine());
        Files.createFile(nginx.maintenanceFlag());

        assertMaintenancePage(get(nginx.uri("/"), BROWSER));
        assertMaintenanceJson(get(nginx.uri("/api/orders"), API));
        assertMaintenanceJson(post(nginx.uri("/api/orders"), API));
        assertThat(app.requests()).isEmpty();

        Files.delete(nginx.maintenanceFlag());
        assertThat(get(nginx.uri("/"), BROWSER).body()).isEqualTo("hello from the app");
    }

    @Test
    void theFlagServesThePagesPushWroteWhileTheyExistAndThePackagedOnesAfter() throws Exception {
        AppHostDouble app = appHost(200, Map.of(), "hello from the app");
        Nginx nginx = nginx(app.poolLine());
        writeCustomPages(nginx);
        Files.createFile(nginx.maintenanceFlag());

        assertCustomPage(get(nginx.uri("/"), BROWSER));
        assertCustomJson(get(nginx.uri("/api/orders"), API));
        assertCustomJson(post(nginx.uri("/api/orders"), API));

        // each file on its own: push removes them one after the other
        Files.delete(nginx.customPage("maintenance.html"));
        assertMaintenancePage(get(nginx.uri("/"), BROWSER));
        assertCustomJson(get(nginx.uri("/api/orders"), API));

        Files.delete(nginx.customPage("maintenance.json"));
        assertMaintenancePage(get(nginx.uri("/"), BROWSER));
        assertMaintenanceJson(get(nginx.uri("/api/orders"), API));
        assertThat(app.requests()).isEmpty();
    }

    @Test
    void whenNoAppHostAnswersThePagesPushWroteWinToo() throws Exception {
        Nginx nginx = nginx("server 127.0.0.1:" + Nginx.freePort() + " max_fails=1 fail_timeout=5s;\n");
        writeCustomPages(nginx);

        assertCustomPage(get(nginx.uri("/"), BROWSER));
        assertCustomJson(get(nginx.uri("/api/orders"), API));
        assertCustomJson(post(nginx.uri("/api/orders"), API));
    }

    @Test
    void theMaintenancePagesAreNotReachableByTheirOwnUrl() throws Exception {
        AppHostDouble app = appHost(200, Map.of(), "hello from the app");
        Nginx nginx = nginx(app.poolLine());
        writeCustomPages(nginx);

        assertThat(get(nginx.uri("/speedy-lb-maintenance/maintenance.html"), BROWSER).statusCode()).isEqualTo(404);
        assertThat(app.requests()).isEmpty();
    }

    @Test
    void aGetThatOneAppHostAnswers503IsTriedOnTheNext() throws Exception {
        AppHostDouble draining = appHost(503, Map.of("Retry-After", "5"), "draining");
        AppHostDouble healthy = appHost(200, Map.of(), "hello from the app");
        Nginx nginx = nginx(draining.poolLine() + healthy.poolLine());

        for (int i = 0; i < 4; i++) {
            HttpResponse<String> response = get(nginx.uri("/api/orders"), API);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("hello from the app");
        }
        assertThat(draining.requests()).as("asked first at least once, then passed over").isNotEmpty();
    }

    @Test
    void theAppsOwn503PassesThroughWithItsRetryAfterAndBody() throws Exception {
        String body = "{\"error\":\"maintenance\",\"retryAfterSeconds\":5}";
        AppHostDouble app = appHost(503, Map.of("Retry-After", "5", "Content-Type", API), body);
        Nginx nginx = nginx(app.poolLine());

        HttpResponse<String> response = get(nginx.uri("/api/orders"), API);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().allValues("Retry-After")).containsExactly("5");
        assertThat(response.body()).isEqualTo(body);
    }

    private static void assertMaintenancePage(HttpResponse<String> response) throws IOException {
        assertMaintenanceAnswer(response, "text/html; charset=utf-8");
        assertThat(response.body()).contains("We'll be right back")
                .isEqualTo(Files.readString(Nginx.DEB.resolve("share/maintenance.html")));
    }

    private static void assertMaintenanceJson(HttpResponse<String> response) throws IOException {
        assertMaintenanceAnswer(response, API);
        assertThat(response.body()).contains("\"error\":\"maintenance\"", "\"retryAfterSeconds\":300")
                .isEqualTo(Files.readString(Nginx.DEB.resolve("share/maintenance.json")));
    }

    private static void assertCustomPage(HttpResponse<String> response) {
        assertMaintenanceAnswer(response, "text/html; charset=utf-8");
        assertThat(response.body()).isEqualTo(CUSTOM_HTML);
    }

    private static void assertCustomJson(HttpResponse<String> response) {
        assertMaintenanceAnswer(response, API);
        assertThat(response.body()).isEqualTo(CUSTOM_JSON);
    }

    private static void assertMaintenanceAnswer(HttpResponse<String> response, String contentType) {
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().allValues("Retry-After")).containsExactly("300");
        assertThat(response.headers().firstValue("Content-Type")).hasValue(contentType);
        assertThat(response.headers().allValues("Cache-Control")).containsExactly("no-store");
        assertThat(response.headers().allValues("Vary")).containsExactly("Accept");
    }

    /** What push maintenance on --message writes, as nginx's workers (nobody under root) can read it. */
    private static void writeCustomPages(Nginx nginx) throws IOException {
        for (Map.Entry<String, String> page : Map.of("maintenance.html", CUSTOM_HTML,
                "maintenance.json", CUSTOM_JSON).entrySet()) {
            Path file = Files.writeString(nginx.customPage(page.getKey()), page.getValue());
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    private AppHostDouble appHost(int status, Map<String, String> headers, String body) throws IOException {
        AppHostDouble app = AppHostDouble.answering(status, headers, body);
        running.add(app);
        return app;
    }

    private Nginx nginx(String pool) throws IOException, InterruptedException {
        Nginx nginx = Nginx.start(prefix, pool);
        running.add(nginx);
        return nginx;
    }

    private HttpResponse<String> get(URI uri, String accept) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri).header("Accept", accept).GET());
    }

    private HttpResponse<String> post(URI uri, String accept) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri).header("Accept", accept).header("Content-Type", API)
                .POST(HttpRequest.BodyPublishers.ofString("{\"item\":1}")));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
