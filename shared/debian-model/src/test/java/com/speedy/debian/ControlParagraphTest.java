package com.speedy.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ControlParagraphTest {
    private static final String CONTROL = "Package: speedy-app\n"
            + "Version: 1.4.0-1\n"
            + "architecture: all\n"
            + "Maintainer: Speedy Release Team <releases@speedy.example>\n"
            + "Installed-Size: 12345\n"
            + "Depends: default-jre-headless (>= 2:1.17) | java17-runtime-headless,\n"
            + "\tadduser\n"
            + "X-Odd-Spacing:    lots of space   \n"
            + "Description: the Speedy web app\n"
            + " A longer description.\n"
            + " .\n"
            + "   Indented, verbatim.\n";

    @Test
    void writeReproducesWellFormedInputByteForByte() throws Exception {
        assertThat(ControlParagraph.parse(CONTROL).write()).isEqualTo(CONTROL);
    }

    @Test
    void lookupIgnoresCaseButNamesKeepTheirSpelling() throws Exception {
        ControlParagraph control = ControlParagraph.parse(CONTROL);

        assertThat(control.get("ARCHITECTURE")).contains("all");
        assertThat(control.get("package")).contains("speedy-app");
        assertThat(control.names()).containsExactly("Package", "Version", "architecture", "Maintainer",
                "Installed-Size", "Depends", "X-Odd-Spacing", "Description");
        assertThat(control.get("Conflicts")).isEmpty();
    }

    @Test
    void valuesAreTrimmedAndContinuationLinesKeptVerbatim() throws Exception {
        ControlParagraph control = ControlParagraph.parse(CONTROL);

        assertThat(control.get("X-Odd-Spacing")).contains("lots of space");
        assertThat(control.get("Depends")).contains("default-jre-headless (>= 2:1.17) | java17-runtime-headless,\n"
                + "\tadduser");
        assertThat(control.get("Description")).contains("the Speedy web app\n A longer description.\n .\n"
                + "   Indented, verbatim.");
    }

    @Test
    void blankLinesAroundTheParagraphAreIgnored() throws Exception {
        assertThat(ControlParagraph.parse("\n" + CONTROL + "\n\n").write()).isEqualTo(CONTROL);
    }

    @Test
    void withReplacesInPlaceKeepingSpellingAndAppendsNewFields() throws Exception {
        ControlParagraph control = ControlParagraph.parse("Package: foo\nsize: 1\nVersion: 1.0\n");

        ControlParagraph changed = control.with("Size", "42").with("Filename", "pool/main/f/foo/foo_1.0_all.deb")
                .with("Description", "short\n long\n .\n more");

        assertThat(changed.write()).isEqualTo("Package: foo\nsize: 42\nVersion: 1.0\n"
                + "Filename: pool/main/f/foo/foo_1.0_all.deb\nDescription: short\n long\n .\n more\n");
        assertThat(control.get("Size")).contains("1");
    }

    @Test
    void withRejectsValueLinesThatAreNotContinuationLines() throws Exception {
        ControlParagraph control = ControlParagraph.parse("Package: foo\n");

        assertThatThrownBy(() -> control.with("Description", "short\nVersion: 2"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> control.with("Description", "short\n\n more"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "{2}")
    @CsvSource(delimiter = '|', value = {
        "' continued\\nPackage: foo'|1|continuation line before the first field",
        "'Package: foo\\nVersion 1.0'|2|no ':'",
        "'Package: foo\\npackage: bar'|2|appears again (first on line 1)",
        "'Package: foo\\n\\nVersion: 1.0'|3|second paragraph",
        "'Package: foo\\n# comment'|2|comment",
        "'Package: foo\\n: empty'|2|field name is empty",
        "'Package: foo\\nBad Name: x'|2|printable ASCII",
        "'Package: foo\\n-Bad: x'|2|must not start with '-'",
        "'\\n\\n'|1|no fields",
    })
    void syntaxErrorsNameTheLine(String escaped, int line, String problem) {
        String text = escaped.replace("\\n", "\n");

        assertThatThrownBy(() -> ControlParagraph.parse(text))
                .isInstanceOfSatisfying(ControlSyntaxException.class, e -> {
                    assertThat(e.lineNumber()).isEqualTo(line);
                    assertThat(e.getMessage()).startsWith("line " + line + ": ").contains(problem);
                });
    }
}
