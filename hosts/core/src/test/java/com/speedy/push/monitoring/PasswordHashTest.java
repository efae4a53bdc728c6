package com.speedy.push.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.junit.jupiter.api.Test;

/** The password file's hashes: commons-codec's SHA-512 crypt agrees with glibc's (openssl passwd -6). */
class PasswordHashTest {
    @Test
    void hashesAsCryptDoesWithTheDefaultRounds() {
        // The first from Drepper's specification; the others made with `openssl passwd -6 -salt SALT -stdin`: a key
        // longer than a digest, one of several UTF-8 bytes a character, and a one-character salt.
        assertThat(Sha2Crypt.sha512Crypt(bytes("Hello world!"), "$6$saltstring"))
                .isEqualTo("$6$saltstring$svn8UoSVapNtMuq1uk"
                + "KS4tPQd8iKwSMHWjl/O817G3uBnIFNjnQJuesI68u4OTLiBFdcbYEdFCoEOfaS35inz1");
        assertThat(Sha2Crypt.sha512Crypt(bytes("x".repeat(100)), "$6$ab./Cd09"))
                .isEqualTo("$6$ab./Cd09$OVHYA6ImICZgBgKyqZfZc"
                + "S6Pf3e4Aj9C/TGlT9qQecgtDU4wQ9lHOc.IT291hs7crdYg8H8czjbIs87/5CvEq0");
        assertThat(Sha2Crypt.sha512Crypt(bytes("pässwörd-€"), "$6$0123456789abcdef"))
                .isEqualTo("$6$0123456789abcdef$xuftfLIR"
                + "TTIQI/EONPLNgPg3bbZxCNIoM4BZhTzX7I6ZOYt9rBatmO8ICaD0GVdBx9t1.6kU/oqsB6H.pbe0o.");
        assertThat(Sha2Crypt.sha512Crypt(bytes("a"), "$6$Z"))
                .isEqualTo("$6$Z$4T097Jr.kDtCBFS.DKTeYx/3QtdMmv4myriYgcOAcaqYdvQm"
                + "N0JwZA7OqihN2D3k6BEnA67m9bBT9uShO35Je.");
    }

    @Test
    void aNewHashHasARandomSaltAndMatchesItsPasswordOnly() {
        String one = WebInterface.hash(bytes("correct horse"), new SecureRandom());
        String two = WebInterface.hash(bytes("correct horse"), new SecureRandom());

        assertThat(one).matches("\\$6\\$[./0-9A-Za-z]{16}\\$[./0-9A-Za-z]{86}").isNotEqualTo(two);
        assertThat(WebInterface.matches(bytes("correct horse"), one)).isTrue();
        assertThat(WebInterface.matches(bytes("correct horse"), two)).isTrue();
        assertThat(WebInterface.matches(bytes("correct horsf"), one)).isFalse();
        assertThat(WebInterface.matches(bytes("correct horse"), "$apr1$abc$def")).as("another scheme").isFalse();
        assertThat(WebInterface.matches(bytes("correct horse"), "$6$rounds=9000$" + one.substring(3)))
                .as("other rounds").isFalse();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
