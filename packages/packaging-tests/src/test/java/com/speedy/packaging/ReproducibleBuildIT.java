package com.speedy.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two clean builds of the same sources, in two different folders, give byte-identical .debs, and the same bytes as the
 * build that is running these tests.
 */
class ReproducibleBuildIT {
    @Test
    void twoCleanBuildsGiveByteIdenticalDebs(@TempDir Path first, @TempDir Path second) throws Exception {
        Map<String, Path> a = NestedBuild.build(first.resolve("checkout-one"));
        Map<String, Path> b = NestedBuild.build(second.resolve("another-checkout"));

        for (String name : NestedBuild.PACKAGES) {
            Path current = DebFile.of(name).path();
            assertThat(b.get(name).getFileName()).isEqualTo(a.get(name).getFileName()).isEqualTo(current.getFileName());
            assertThat(DebPackageIT.sha256(b.get(name))).as(name).isEqualTo(DebPackageIT.sha256(a.get(name)));
            assertThat(DebPackageIT.sha256(current)).as("this build's %s", current)
                    .isEqualTo(DebPackageIT.sha256(a.get(name)));
        }
    }
}
