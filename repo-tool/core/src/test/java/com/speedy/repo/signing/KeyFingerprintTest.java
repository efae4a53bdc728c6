package com.speedy.repo.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KeyFingerprintTest {

    @Test
    void parsesTheGroupedLowerCaseFormGpgPrints() {
        assertThat(KeyFingerprint.parse("0123 4567 89ab cdef 0123  4567 89ab cdef 0123 4567").hex())
                .isEqualTo("0123456789ABCDEF0123456789ABCDEF01234567");
    }

    @Test
    void refusesALongKeyIdAndNamesTheInput() {
        assertThatThrownBy(() -> KeyFingerprint.parse("89ABCDEF01234567"))
                .isInstanceOf(InvalidFingerprintException.class)
                .hasMessageContaining("89ABCDEF01234567")
                .extracting(e -> ((InvalidFingerprintException) e).input()).isEqualTo("89ABCDEF01234567");
    }
}
