package com.speedy.push.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class Sha512CryptTest {
    @Test
    void hashesAsCryptDoesWithTheDefaultRounds() {
        // The first from Drepper's specification; the others made with `openssl passwd -6 -salt SALT -stdin`: a key
        // longer than a digest, one of several UTF-8 bytes a character, and a one-character salt.
        assertThat(Sha512Crypt.hash(bytes("Hello world!"), "saltstring")).isEqualTo("$6$saltstring$svn8UoSVapNtMuq1uk"
                + "KS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1");
        assertThat(Sha512Crypt.hash(bytes("x".repeat(100)), "ab./Cd09")).isEqualTo("$6$ab./Cd09$OVHYA6ImICZgBgKyqZfZc"
                + "S6Pf3e4Aj9C/TGlT9qQecgtDU4wQ9lHOc.IT291hs7crdYg8H8czjbIs87/5CvEq0");
        assertThat(Sha512Crypt.hash(bytes("pässwörd-€"), "0123456789abcdef")).isEqualTo("$6$0123456789abcdef$xuftfLIR"
                + "TTIQI/EONPLNgPg3bbZxCNIoM4BZhTzX7I6ZOYt9rBatmO8ICaD0GVdBx9t1.6kU/oqsB6H.pbe0o.");
        assertThat(Sha512Crypt.hash(bytes("a"), "Z")).isEqualTo("$6$Z$4T097Jr.kDtCBFS.DKTeYx/3QtdMmv4myriYgcOAcaqYdvQm"
                + "N0JwZA7OqihN2D3k6BEnA67m9bBT9uShO35Je.");
    }

    @Test
    void aNewHashHasARandomSaltAndMatchesItsPasswordOnly() {
        String one = Sha512Crypt.hash(bytes("correct horse"), new SecureRandom());
        String two = Sha512Crypt.hash(bytes("correct horse"), new SecureRandom());

        assertThat(one).matches("\\$6\\$[./0-9A-Za-z]{16}\\$[./0-9A-Za-z]{86}").isNotEqualTo(two);
        assertThat(Sha512Crypt.matches(bytes("correct horse"), one)).isTrue();
        assertThat(Sha512Crypt.matches(bytes("correct horse"), two)).isTrue();
        assertThat(Sha512Crypt.matches(bytes("correct horsf"), one)).isFalse();
        assertThat(Sha512Crypt.matches(bytes("correct horse"), "$apr1$abc$def")).as("another scheme").isFalse();
        assertThat(Sha512Crypt.matches(bytes("correct horse"), "$6$rounds=9000$" + one.substring(3)))
                .as("other rounds").isFalse();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
