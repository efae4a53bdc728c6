package com.speedy.push.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class ScramSecretTest {
    @Test
    void theSecretIsTheOnePostgreSqlStoresForThatPasswordAndSalt() {
        // PostgreSQL 15's own: CREATE ROLE r PASSWORD 'Pencil4Speedy0123'; SELECT rolpassword FROM pg_authid.
        String stored = "SCRAM-SHA-256$4096:SvguBJ+alApbRzU+wr/MoA==$lwbTzkiO3uoGB/5eA2ZT+YM2rFBcwAlpg5N+VkA/6BQ="
                + ":omu8KX1/OIac82PnudgjuMPpS/r9Su5wHhVmbDwyfFY=";

        String ours = ScramSecret.of("Pencil4Speedy0123", Base64.getDecoder().decode("SvguBJ+alApbRzU+wr/MoA=="), 4096);

        assertThat(ours).isEqualTo(stored);
    }

    @Test
    void eachSecretHasASaltOfItsOwnAndNeverHoldsThePassword() {
        String first = ScramSecret.of("Pencil4Speedy0123");

        assertThat(first).matches("SCRAM-SHA-256\\$4096:[A-Za-z0-9+/=]{24}\\$[A-Za-z0-9+/=]{44}:[A-Za-z0-9+/=]{44}")
                .doesNotContain("Pencil").isNotEqualTo(ScramSecret.of("Pencil4Speedy0123"));
    }

    @Test
    void aPasswordThatWouldNeedSaslPrepIsRefused() {
        assertThatThrownBy(() -> ScramSecret.of("pass word")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ScramSecret.of("pässword")).isInstanceOf(IllegalArgumentException.class);
    }
}
