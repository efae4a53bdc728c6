package com.speedy.repo.signing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ClearTextTest {

    private static String canonical(String text) {
        return new String(ClearText.of(text.getBytes(StandardCharsets.UTF_8)).canonicalForSignature(),
                StandardCharsets.UTF_8);
    }

    private static String shown(String text) {
        return new String(ClearText.of(text.getBytes(StandardCharsets.UTF_8)).dashEscaped(), StandardCharsets.UTF_8);
    }

    @Test
    void signedFormJoinsLinesWithCrlfAndDropsTheLastLineEnding() {
        assertThat(canonical("a\nb\n")).isEqualTo("a\r\nb");
    }

    @Test
    void signedFormStripsTrailingSpacesAndTabs() {
        assertThat(canonical("a  \t\n b\t\n")).isEqualTo("a\r\n b");
    }

    @Test
    void signedFormKeepsEmptyLines() {
        assertThat(canonical("a\n\nb\n")).isEqualTo("a\r\n\r\nb");
    }

    @Test
    void crlfInputIsTreatedLikeLfInput() {
        assertThat(canonical("a\r\nb\r\n")).isEqualTo(canonical("a\nb\n"));
        assertThat(shown("a\r\nb\r\n")).isEqualTo("a\nb\n");
    }

    @Test
    void shownFormDashEscapesOnlyLinesStartingWithADash() {
        assertThat(shown("-x\n a-b\n--\n")).isEqualTo("- -x\n a-b\n- --\n");
    }

    @Test
    void shownFormKeepsTrailingWhitespaceAndEndsEveryLineWithLf() {
        assertThat(shown("a  \nb")).isEqualTo("a  \nb\n");
    }

    @Test
    void dashEscapingDoesNotChangeTheSignedForm() {
        assertThat(canonical("-x\n")).isEqualTo("-x");
    }
}
