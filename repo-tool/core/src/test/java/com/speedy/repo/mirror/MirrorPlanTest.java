package com.speedy.repo.mirror;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.repo.mirror.MirrorObject.Phase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MirrorPlanTest {
    @TempDir
    Path repo;

    @Test
    void theLiveGenerationBecomesPlainKeysAndNothingHiddenOrPrivateIsMirrored() throws Exception {
        file("conf/signing-key.asc");
        file("conf/s3.properties");
        file("pool/main/s/speedy-app/speedy-app_1.0-1_all.deb");
        file("pool/.incoming/speedy-app_1.1-1_all.deb");
        file("dists/.dev.3/InRelease");
        file("dists/.dev.4/InRelease");
        file("dists/.dev.4/Release");
        file("dists/.dev.4/Release.gpg");
        file("dists/.dev.4/.Release.tmp");
        file("dists/.dev.4/main/binary-amd64/Packages.xz");
        file("dists/.dev.4/main/binary-amd64/by-hash/SHA256/abc");
        Files.createSymbolicLink(repo.resolve("dists/dev"), Path.of(".dev.4"));

        List<MirrorObject> plan = MirrorPlan.of(repo, "apt/speedy");

        assertThat(plan).extracting(MirrorObject::key).containsExactly(
                "apt/speedy/pool/main/s/speedy-app/speedy-app_1.0-1_all.deb",
                "apt/speedy/dists/dev/main/binary-amd64/by-hash/SHA256/abc",
                "apt/speedy/dists/dev/main/binary-amd64/Packages.xz",
                "apt/speedy/dists/dev/Release",
                "apt/speedy/dists/dev/Release.gpg",
                "apt/speedy/dists/dev/InRelease");
        assertThat(plan.get(5).file()).isEqualTo(repo.resolve("dists/.dev.4/InRelease").toRealPath());
    }

    @Test
    void everySuitesInReleaseComesAfterEveryOtherObject() throws Exception {
        for (String suite : List.of("dev", "stable")) {
            file("dists/" + suite + "/InRelease");
            file("dists/" + suite + "/Release");
            file("dists/" + suite + "/main/binary-amd64/Packages");
            file("dists/" + suite + "/main/binary-amd64/by-hash/SHA256/" + suite);
        }
        file("pool/main/a/a/a_1_all.deb");

        List<Phase> phases = MirrorPlan.of(repo, "").stream().map(MirrorObject::phase).toList();

        assertThat(phases).containsExactly(Phase.POOL, Phase.BY_HASH, Phase.BY_HASH, Phase.INDEX, Phase.INDEX,
                Phase.RELEASE, Phase.RELEASE, Phase.IN_RELEASE, Phase.IN_RELEASE);
        assertThat(MirrorPlan.of(repo, "").get(0).key()).isEqualTo("pool/main/a/a/a_1_all.deb");
    }

    @Test
    void aPoolFileWhoseNameAptPercentEncodesGetsASecondKeyAsAptAsksForIt() throws Exception {
        file("pool/main/s/speedy-app/speedy-app_1.0~rc1+b1-1_all.deb");

        assertThat(MirrorPlan.of(repo, "")).extracting(MirrorObject::key).containsExactly(
                "pool/main/s/speedy-app/speedy-app_1.0%7erc1%2bb1-1_all.deb",
                "pool/main/s/speedy-app/speedy-app_1.0~rc1+b1-1_all.deb");
    }

    @Test
    void phaseFollowsThePathInsideTheSuite() {
        assertThat(MirrorPlan.phase(Path.of("InRelease"))).isEqualTo(Phase.IN_RELEASE);
        assertThat(MirrorPlan.phase(Path.of("Release.gpg"))).isEqualTo(Phase.RELEASE);
        assertThat(MirrorPlan.phase(Path.of("main/binary-amd64/Release"))).isEqualTo(Phase.INDEX);
        assertThat(MirrorPlan.phase(Path.of("main/binary-amd64/by-hash/SHA256/00ff"))).isEqualTo(Phase.BY_HASH);
    }

    @Test
    void poolAndByHashAreImmutableForACdnAndTheRestShort() {
        assertThat(Phase.POOL.cacheControl()).isEqualTo("public, max-age=31536000, immutable");
        assertThat(Phase.BY_HASH.cacheControl()).isEqualTo("public, max-age=31536000, immutable");
        assertThat(Phase.INDEX.cacheControl()).isEqualTo("public, max-age=60");
        assertThat(Phase.RELEASE.cacheControl()).isEqualTo("public, max-age=60");
        assertThat(Phase.IN_RELEASE.cacheControl()).isEqualTo("public, max-age=60");
    }

    private void file(String path) throws Exception {
        Path file = repo.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, path);
    }
}
