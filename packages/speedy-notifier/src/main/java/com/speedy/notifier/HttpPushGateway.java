package com.speedy.notifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** POSTs {@code {"id":…,"recipient":…,"payload":{…}}} to the gateway; any 2xx answer means delivered. */
public final class HttpPushGateway implements PushGateway {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_BODY = 200;

    private final URI url;
    private final Duration timeout;
    private final String userAgent;
    private final HttpClient client;

    public HttpPushGateway(URI url, Duration timeout, String version) {
        this.url = url;
        this.timeout = timeout;
        this.userAgent = "speedy-notifier/" + version;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public DeliveryResult push(Notification notification) throws InterruptedException {
        String body;
        try {
            body = body(notification);
        } catch (JsonProcessingException e) {
            return DeliveryResult.failed("payload is not JSON: " + e.getOriginalMessage());
        }
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", userAgent)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return DeliveryResult.ok();
            }
            return DeliveryResult.failed("HTTP " + status + " from " + url + abbreviate(response.body()));
        } catch (IOException e) {
            return DeliveryResult.failed(e.getClass().getSimpleName() + " from " + url
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    static String body(Notification notification) throws JsonProcessingException {
        ObjectNode json = JSON.createObjectNode();
        json.put("id", notification.id());
        json.put("recipient", notification.recipient());
        json.set("payload", JSON.readTree(notification.payload()));
        return JSON.writeValueAsString(json);
    }

    private static String abbreviate(String body) {
        String text = body.strip();
        if (text.isEmpty()) {
            return "";
        }
        return ": " + (text.length() > MAX_ERROR_BODY ? text.substring(0, MAX_ERROR_BODY) + "…" : text);
    }
}
