package com.speedy.push.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AppHostTest {
    @Test
    void theAppsConffileSettingsAreReadButCommentedDefaultsAreNot() {
        String conf = "# comment\n#listen.port = 8080\nlisten.port = 9090\ndb.password = a = b \n";

        assertThat(AppHost.setting(conf, "listen.port")).contains("9090");
        assertThat(AppHost.setting(conf, "db.password")).contains("a = b");
        assertThat(AppHost.setting(conf, "maintenance.flag")).isEmpty();
        assertThat(AppHost.port(conf)).isEqualTo(9090);
        assertThat(AppHost.port("#listen.port = 9090\n")).isEqualTo(AppHost.DEFAULT_PORT);
        assertThat(AppHost.drainFlag("drain.flag = /srv/drain\n")).isEqualTo("/srv/drain");
        assertThat(AppHost.drainFlag("")).isEqualTo(AppHost.DEFAULT_DRAIN_FLAG);
    }

    @Test
    void theHealthzBodyAndStatusAreReadFromTheRawHttpResponse() {
        String response = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n\r\n{\"status\":"
                + "\"draining\",\"database\":{\"writable\":true,\"address\":\"10.213.7.12\"},\"inFlight\":2}";

        assertThat(AppHost.status(response)).isEqualTo(503);
        assertThat(AppHost.body(response)).hasValueSatisfying(b -> {
            assertThat(b.path("database").path("writable").asBoolean()).isTrue();
            assertThat(b.path("database").path("address").asText()).isEqualTo("10.213.7.12");
            assertThat(b.path("inFlight").asInt()).isEqualTo(2);
        });
        assertThat(AppHost.body("bash: connect: Connection refused")).isEmpty();
        assertThat(AppHost.status("bash: connect: Connection refused")).isZero();
        assertThat(AppHost.body("HTTP/1.1 200 OK\r\n\r\nnot json {")).isEmpty();
    }
}
