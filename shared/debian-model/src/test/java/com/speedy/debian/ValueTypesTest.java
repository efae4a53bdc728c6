package com.speedy.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueTypesTest {

    @ParameterizedTest
    @ValueSource(strings = {"speedy-app", "g++", "libc6", "0ad", "python3.11", "xz-utils", "ab"})
    void packageNameAcceptsPolicyNames(String text) throws Exception {
        assertThat(PackageName.parse(text)).hasToString(text).isEqualTo(PackageName.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "Speedy", "-foo", "+foo", ".foo", "foo_bar", "foo bar", "föo"})
    void packageNameRejectsOthersCarryingTheText(String text) {
        assertThatThrownBy(() -> PackageName.parse(text))
                .isInstanceOfSatisfying(InvalidPackageNameException.class, e -> {
                    assertThat(e.name()).isEqualTo(text);
                    assertThat(e.getMessage()).contains("'" + text + "'");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"all", "amd64", "arm64", "i386", "armhf", "x32", "hurd-i386", "ppc64el"})
    void architectureAcceptsRealArchitectures(String text) throws Exception {
        assertThat(Architecture.parse(text)).hasToString(text);
        assertThat(Architecture.parse(text).isAll()).isEqualTo(text.equals("all"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"source", "any", "", "AMD64", "-amd64", "amd_64", "amd64 ", "arm/64"})
    void architectureRejectsSourceWildcardsAndBadCharacters(String text) {
        assertThatThrownBy(() -> Architecture.parse(text))
                .isInstanceOfSatisfying(InvalidArchitectureException.class, e -> {
                    assertThat(e.architecture()).isEqualTo(text);
                    assertThat(e.getMessage()).contains("'" + text + "'");
                });
    }
}
