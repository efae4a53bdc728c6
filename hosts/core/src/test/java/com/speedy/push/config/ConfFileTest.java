package com.speedy.push.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfFileTest {
    private static final String CONF = """
            # speedy-app configuration.
            #listen.port = 8080
            # Required: the database user's password.
            db.password = change-me
            #db.pool-size = 10
            """;

    @Test
    void aKeyIsSetWhereItStandsOrWhereItsDefaultIsCommentedOutOrAtTheEnd() {
        assertThat(ConfFile.set(CONF, "db.password", "p$1\\x")).contains("\ndb.password = p$1\\x\n")
                .doesNotContain("change-me");
        assertThat(ConfFile.set(CONF, "db.pool-size", "20")).contains("\ndb.pool-size = 20\n")
                .doesNotContain("#db.pool-size");
        assertThat(ConfFile.set(CONF, "maintenance.flag", "/run/m")).endsWith("#db.pool-size = 10\n"
                + "maintenance.flag = /run/m\n");
        assertThat(ConfFile.set("a = 1", "b", "2")).isEqualTo("a = 1\nb = 2\n");
    }

    @Test
    void onlyAnExactValueCountsAsSet() {
        assertThat(ConfFile.has(CONF, "db.password", "change-me")).isTrue();
        assertThat(ConfFile.has(CONF, "db.password", "change")).isFalse();
        assertThat(ConfFile.has(CONF, "db.pool-size", "10")).as("a commented default is not set").isFalse();
    }

    @Test
    void secretsAreMaskedByNameAndByTheStore() {
        String masked = ConfFile.masked(CONF + "mail.api-token = t0k\nlisten.address = 0.0.0.0\n",
                Set.of("listen.address"));
        assertThat(masked).contains("db.password = ********", "mail.api-token = ********",
                "listen.address = ********", "#listen.port = 8080").doesNotContain("change-me", "t0k");
    }
}
