package com.speedy.push.lb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** What push writes for maintenance mode: the app's flag file and the balancer's pages. */
class MaintenanceNoticeTest {
    private static final Instant UNTIL = Instant.parse("2026-12-02T21:00:00Z");

    @Test
    void withoutAMessageOrAnEndTheFlagFileIsEmptySoTheAppAnswersAsItAlwaysDid() {
        assertThat(new MaintenanceNotice(Optional.empty(), Optional.empty()).flagFile()).isEmpty();
    }

    @Test
    void theFlagFileIsPropertiesTheAppReadsBackAndTheSameNoticeIsTheSameFile() throws Exception {
        MaintenanceNotice notice = new MaintenanceNotice(Optional.of("Moving = bigger: \"db\" ünïcode"),
                Optional.of(UNTIL));
        Properties read = new Properties();
        read.load(new StringReader(notice.flagFile()));

        assertThat(read.getProperty("message")).isEqualTo("Moving = bigger: \"db\" ünïcode");
        assertThat(read.getProperty("until")).isEqualTo("2026-12-02T21:00:00Z");
        assertThat(notice.flagFile()).isEqualTo(notice.flagFile()).doesNotContainPattern("(?m)^#[A-Z][a-z]{2} ");
    }

    @Test
    void theBalancersPagesCarryTheMessageEscapedAndTheEnd() {
        MaintenanceNotice notice = new MaintenanceNotice(Optional.of("<script>alert('x')</script> & more"),
                Optional.of(UNTIL));

        assertThat(notice.html()).contains("<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more</p>",
                "We expect to be back by 2026-12-02 21:00 UTC.").doesNotContain("<script>");
        assertThat(notice.json()).isEqualTo("{\"error\":\"maintenance\",\"message\":\"<script>alert('x')</script> &"
                + " more\",\"until\":\"2026-12-02T21:00:00Z\",\"retryAfterSeconds\":300}\n");
    }
}
