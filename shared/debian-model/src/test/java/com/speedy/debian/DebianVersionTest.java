package com.speedy.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.speedy.process.LocalCommand;
import com.speedy.process.ProcessResult;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DebianVersionTest {

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(delimiter = ' ', value = {
        "1.0~rc1 lt 1.0",
        "1.0~~ lt 1.0~",
        "1.0~~a lt 1.0~",
        "1.0~ lt 1.0",
        "1.0~rc1 lt 1.0~rc2",
        "1.0~beta lt 1.0~rc",
        "1.2.0~SNAPSHOT20261122000000-1 lt 1.2.0-1",
        "1.0 lt 1.0.1",
        "1.0 lt 1.0a",
        "1.0a lt 1.0.",
        "1.0a lt 1.0+",
        "1.0+ lt 1.0.",
        "1.0a lt 1.0b",
        "1.0A lt 1.0a",
        "1.0Z lt 1.0a",
        "1.0.a gt 1.0.1",
        "1a lt 1+",
        "1.0 eq 1.0",
        "1.0 eq 1.00",
        "1.0 eq 01.0",
        "1.01 eq 1.1",
        "1.0 lt 1.10",
        "1.9 lt 1.10",
        "9 lt 10",
        "1.0010 gt 1.9",
        "1.0 eq 1.",
        "1.0a eq 1.0a0",
        "1.0 eq 0:1.0",
        "1:0.1 gt 9.9",
        "2:1.0 gt 1:9.9",
        "1:1.0 lt 2:0.1",
        "10:1.0 gt 9:1.0",
        "1.0 eq 1.0-0",
        "1.0-0 eq 1.0-00",
        "1.0-1 lt 1.0-1.1",
        "1.0-1 lt 1.0-2",
        "1.0-9 lt 1.0-10",
        "1.0-1 gt 1.0-1~bpo1",
        "1.0-1~bpo1 gt 1.0-0",
        "1.0-1+deb12u1 gt 1.0-1",
        "1.0-1ubuntu1 gt 1.0-1",
        "1.0-1ubuntu1 lt 1.0-1.1",
        "1.0-1a lt 1.0-1+",
        "1.0.a gt 1.0.1",
        "1.0-2 gt 1.0-1.9",
        "1.0-rc1-1 gt 1.0-1",
        "1:1.0-rc1-1 gt 1:1.0-1",
        "1:2.0:3-1 gt 1:2.0-1",
        "2.0-1 lt 1:0",
        "1.2.3+dfsg-1 gt 1.2.3-1",
        "1.2.3+dfsg-1 lt 1.2.3.1-1",
        "4.19.0-21 lt 4.19.0-210",
        "0.0.0 gt 0",
        "0.0 eq 0.",
        "1.0 gt 1.0~~~",
        "1.0-0 lt 1.0-0.1",
        "2.30-2 lt 2.30a-1",
        "7.4.052 gt 7.4.0",
        "1.18.20 gt 1.18.3",
        "3.0~git20230101.abcdef-1 lt 3.0-1",
    })
    void compareToAgreesWithDpkgCompareVersions(String a, String expected, String b) throws Exception {
        int java = Integer.signum(DebianVersion.parse(a).compareTo(DebianVersion.parse(b)));
        int reverse = Integer.signum(DebianVersion.parse(b).compareTo(DebianVersion.parse(a)));

        assertThat(dpkgRelation(a, b)).as("dpkg --compare-versions %s ? %s", a, b).isEqualTo(expected);
        assertThat(relation(java)).as("compareTo(%s, %s)", a, b).isEqualTo(expected);
        assertThat(reverse).isEqualTo(-java);
        assertThat(DebianVersion.parse(a).equals(DebianVersion.parse(b))).isEqualTo(java == 0);
        if (java == 0) {
            assertThat(DebianVersion.parse(a).hashCode()).isEqualTo(DebianVersion.parse(b).hashCode());
        }
    }

    private static String relation(int sign) {
        return sign < 0 ? "lt" : sign == 0 ? "eq" : "gt";
    }

    private static String dpkgRelation(String a, String b) throws IOException, InterruptedException {
        for (String op : new String[] {"lt", "eq", "gt"}) {
            if (dpkg(a, op, b)) {
                return op;
            }
        }
        throw new AssertionError("dpkg says neither lt, eq nor gt for " + a + " and " + b);
    }

    private static boolean dpkg(String a, String op, String b) throws IOException, InterruptedException {
        ProcessResult dpkg = LocalCommand.of("dpkg", "--compare-versions", a, op, b).withStderrMerged()
                .withTimeout(Duration.ofSeconds(30)).run();
        assertThat(dpkg.stdoutText()).as("dpkg warns about %s or %s", a, b).isEmpty();
        return dpkg.succeeded();
    }

    @Test
    void splitsEpochUpstreamAndRevision() throws Exception {
        DebianVersion version = DebianVersion.parse("2:1.0-rc1:x-3+deb12u1");

        assertThat(version.epoch()).isEqualTo(2);
        assertThat(version.upstream()).isEqualTo("1.0-rc1:x");
        assertThat(version.revision()).isEqualTo("3+deb12u1");
    }

    @Test
    void versionWithoutEpochOrRevisionHasEpochZeroAndEmptyRevision() throws Exception {
        DebianVersion version = DebianVersion.parse("1.4.0");

        assertThat(version.epoch()).isZero();
        assertThat(version.upstream()).isEqualTo("1.4.0");
        assertThat(version.revision()).isEmpty();
    }

    @Test
    void toStringGivesTheOriginalTextEvenForEqualVersions() throws Exception {
        assertThat(DebianVersion.parse("0:1.00-0")).hasToString("0:1.00-0").isEqualTo(DebianVersion.parse("1.0"));
    }

    @ParameterizedTest(name = "''{0}'' is rejected: {1}")
    @CsvSource(delimiter = '|', value = {
        "''|version is empty",
        "1.0-|revision after the last '-' is empty",
        "a1|does not start with a digit",
        "-1|upstream version is empty",
        ":1.0|epoch before ':' is empty",
        "x:1.0|epoch 'x' is not a number",
        "1.0:2|epoch '1.0' is not a number",
        "1:|nothing after the epoch's colon",
        "99999999999:1.0|too big",
        "1.0 beta|whitespace",
        "1_0|character '_' is not allowed in the upstream version",
        "1.0-a_b|character '_' is not allowed in the revision",
        "1:1.0-1:2|character ':' is not allowed in the revision",
        "1:1.0-|revision after the last '-' is empty",
    })
    void rejectsWhatPolicyForbidsAndSaysWhy(String text, String problem) {
        assertThatThrownBy(() -> DebianVersion.parse(text))
                .isInstanceOfSatisfying(InvalidVersionException.class, e -> {
                    assertThat(e.version()).isEqualTo(text);
                    assertThat(e.problem()).contains(problem);
                    assertThat(e.getMessage()).contains("'" + text + "'").contains(problem);
                });
    }
}
