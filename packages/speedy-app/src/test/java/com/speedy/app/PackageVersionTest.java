package com.speedy.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageVersionTest {
    @TempDir
    Path dir;

    @Test
    void readsTheFilesContentWithoutTheNewline() throws Exception {
        Path file = Files.writeString(dir.resolve("package-version"), "1.0.0~SNAPSHOT20261122000000-1\n");

        assertThat(PackageVersion.read(file)).isEqualTo("1.0.0~SNAPSHOT20261122000000-1");
    }

    @Test
    void isUnknownWhenTheFileIsMissingEmptyOrUnreadable() throws Exception {
        assertThat(PackageVersion.read(dir.resolve("absent"))).isEqualTo("unknown");
        assertThat(PackageVersion.read(Files.writeString(dir.resolve("empty"), " \n"))).isEqualTo("unknown");
        assertThat(PackageVersion.read(Files.createDirectory(dir.resolve("a-directory")))).isEqualTo("unknown");
    }
}
