package com.speedy.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class HttpUrlTextTest {
    @Test
    void acceptsHttpAndHttpsUrlsWithAHost() {
        assertThat(HttpUrlText.parse("https://push.example/v1/send")).contains(URI.create("https://push.example/v1/send"));
        assertThat(HttpUrlText.parse("http://10.213.7.1:8000/")).contains(URI.create("http://10.213.7.1:8000/"));
    }

    @Test
    void refusesOtherSchemesRelativeUrlsAndNonsense() {
        assertThat(HttpUrlText.parse("ftp://apt.example/")).isEmpty();
        assertThat(HttpUrlText.parse("/v1/send")).isEmpty();
        assertThat(HttpUrlText.parse("http:///nohost")).isEmpty();
        assertThat(HttpUrlText.parse("http://a b/")).isEmpty();
    }
}
