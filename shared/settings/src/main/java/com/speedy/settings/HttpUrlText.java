package com.speedy.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/** An http or https URL with a host, as an operator writes one: {@code https://push.example/v1/send}. */
public final class HttpUrlText {
    private HttpUrlText() {}

    /** The URL, or empty when the text is not one, has another scheme, or names no host. */
    public static Optional<URI> parse(String text) {
        try {
            URI uri = new URI(text);
            boolean http = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
            return http && uri.getHost() != null ? Optional.of(uri) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
