package com.speedy.push.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueTypesTest {
    @Test
    void aPackageSpecIsANameAndMaybeAVersionAsAptGetWritesThem() throws Exception {
        PackageSpec newest = PackageSpec.parse("speedy-app");
        assertThat(newest.name()).hasToString("speedy-app");
        assertThat(newest.version()).isEmpty();
        assertThat(newest).hasToString("speedy-app");

        PackageSpec pinned = PackageSpec.parse("speedy-app=1:1.0.0~SNAPSHOT20261122000000-1");
        assertThat(pinned.version()).hasValueSatisfying(v -> assertThat(v.epoch()).isEqualTo(1));
        assertThat(pinned).hasToString("speedy-app=1:1.0.0~SNAPSHOT20261122000000-1");
        assertThat(PackageSpec.parse("speedy-app=1.0-1")).isEqualTo(PackageSpec.parse("speedy-app=1.0-01"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "=1.0", "Speedy-app", "speedy_app", "speedy-app=", "speedy-app=v1", "speedy-app=1.0 -1",
        "speedy-app==1.0"})
    void aPackageSpecThatBreaksDebiansRulesIsRefusedCarryingTheText(String text) {
        assertThatThrownBy(() -> PackageSpec.parse(text))
                .isInstanceOfSatisfying(InvalidPackageSpecException.class, e -> assertThat(e.spec()).isEqualTo(text))
                .hasMessageStartingWith("invalid Debian");
    }

    @ParameterizedTest
    @ValueSource(strings = {"db1", "app-2", "mon1.speedy.example", "0ad", "x"})
    void hostAndGroupNamesAreWrittenAsDnsNames(String text) throws Exception {
        assertThat(HostName.parse(text)).hasToString(text).isEqualTo(HostName.parse(text));
        assertThat(GroupName.parse(text)).hasToString(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "DB1", "-db", ".db", "db_1", "db 1", "db/1"})
    void otherNamesAreRefusedCarryingTheText(String text) {
        assertThatThrownBy(() -> HostName.parse(text))
                .isInstanceOfSatisfying(InvalidNameException.class, e -> assertThat(e.name()).isEqualTo(text))
                .hasMessageStartingWith("'" + text + "' is not a valid host name");
    }

    @Test
    void aHostAndAGroupOfOneNameAreNotEqual() throws Exception {
        assertThat((Object) HostName.parse("db")).isNotEqualTo(GroupName.parse("db"));
    }
}
