package com.speedy.repo.index;

import com.speedy.debian.Suite;
import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.debian.Architecture;
import com.speedy.debian.ControlParagraph;
import com.speedy.repo.deb.DebPackage;
import com.speedy.debian.DebianVersion;
import com.speedy.debian.PackageName;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden checks of the generated Packages and Release text. */
class IndexFilesTest {
    private static final String MD5 = "0123456789abcdef0123456789abcdef";
    private static final String SHA1 = "0123456789abcdef0123456789abcdef01234567";
    private static final String SHA256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    static DebPackage deb(String control, long size) throws Exception {
        ControlParagraph paragraph = ControlParagraph.parse(control);
        return new DebPackage(paragraph,
                PackageName.parse(paragraph.get("Package").orElseThrow()),
                DebianVersion.parse(paragraph.get("Version").orElseThrow()),
                Architecture.parse(paragraph.get("Architecture").orElseThrow()),
                size, MD5, SHA1, SHA256);
    }

    @Test
    void poolPathsFollowDebiansArchiveLayout() throws Exception {
        assertThat(PoolPath.of(deb("Package: speedy-app\nVersion: 1:1.2.0-1\nArchitecture: all\n", 1), "main"))
                .isEqualTo("pool/main/s/speedy-app/speedy-app_1.2.0-1_all.deb");
        assertThat(PoolPath.of(deb("Package: libfoo1\nSource: libfoo (1.0-2)\nVersion: 1.0-2+b1\nArchitecture: amd64\n",
                1), "main")).isEqualTo("pool/main/libf/libfoo/libfoo1_1.0-2+b1_amd64.deb");
    }

    @Test
    void packagesIndexListsEveryDebSortedWithWhereItIsAndItsDigests() throws Exception {
        DebPackage newer = deb("Package: speedy-app\nVersion: 1.10.0-1\nArchitecture: all\nDescription: API\n more\n", 2048);
        DebPackage older = deb("Package: speedy-app\nVersion: 1.9.0-1\nArchitecture: all\nDescription: API\n more\n", 1024);
        DebPackage jobs = deb("Package: speedy-jobs\nVersion: 1.0-1\nArchitecture: all\nDescription: jobs\n", 512);

        String text = new String(PackagesIndex.render(List.of(
                PackagesIndex.Entry.of(jobs, "pool/main/s/speedy-jobs/speedy-jobs_1.0-1_all.deb"),
                PackagesIndex.Entry.of(newer, "pool/main/s/speedy-app/speedy-app_1.10.0-1_all.deb"),
                PackagesIndex.Entry.of(older, "pool/main/s/speedy-app/speedy-app_1.9.0-1_all.deb"))),
                StandardCharsets.UTF_8);

        assertThat(text).isEqualTo("""
                Package: speedy-app
                Version: 1.9.0-1
                Architecture: all
                Description: API
                 more
                Filename: pool/main/s/speedy-app/speedy-app_1.9.0-1_all.deb
                Size: 1024
                MD5sum: %1$s
                SHA1: %2$s
                SHA256: %3$s

                Package: speedy-app
                Version: 1.10.0-1
                Architecture: all
                Description: API
                 more
                Filename: pool/main/s/speedy-app/speedy-app_1.10.0-1_all.deb
                Size: 2048
                MD5sum: %1$s
                SHA1: %2$s
                SHA256: %3$s

                Package: speedy-jobs
                Version: 1.0-1
                Architecture: all
                Description: jobs
                Filename: pool/main/s/speedy-jobs/speedy-jobs_1.0-1_all.deb
                Size: 512
                MD5sum: %1$s
                SHA1: %2$s
                SHA256: %3$s
                """.formatted(MD5, SHA1, SHA256));
    }

    @Test
    void releaseNamesTheSuiteAndChecksumsEveryIndexSortedByPath() {
        ReleaseFile release = new ReleaseFile("Speedy", "Speedy", "dev", "cauldron",
                Instant.parse("2026-11-22T10:15:30Z"), List.of("amd64", "arm64"), List.of("main"), List.of(
                        new ReleaseFile.IndexFile("main/binary-arm64/Packages", 120, MD5, SHA256),
                        new ReleaseFile.IndexFile("main/binary-amd64/Packages", 120, MD5, SHA256)));

        assertThat(new String(release.render(), StandardCharsets.UTF_8)).isEqualTo("""
                Origin: Speedy
                Label: Speedy
                Suite: dev
                Codename: cauldron
                Date: Sun, 22 Nov 2026 10:15:30 UTC
                Architectures: amd64 arm64
                Components: main
                Acquire-By-Hash: yes
                MD5Sum:
                 %1$s              120 main/binary-amd64/Packages
                 %1$s              120 main/binary-arm64/Packages
                SHA256:
                 %2$s              120 main/binary-amd64/Packages
                 %2$s              120 main/binary-arm64/Packages
                """.formatted(MD5, SHA256));
    }
}
