package com.speedy.repo.publish;

import com.speedy.debian.Suite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A release's path through the repository: promote, remove, cleanup, and verify catching drift. */
class SuiteLifecycleTest {
    private static final String POOL = "pool/main/s/speedy-app/speedy-app_";

    @TempDir
    Path dir;

    private TestRepository repo;

    @BeforeEach
    void publishThreeVersionsToDev() throws Exception {
        repo = new TestRepository(dir.resolve("repo"), List.of("amd64"));
        for (String version : List.of("1.0.0-1", "1.1.0-1", "1.2.0-1")) {
            repo.publisher().publish("dev", List.of(TestRepository.deb(dir, "speedy-app", version, "all", version)));
        }
    }

    @Test
    void promoteCopiesAVersionToStableSharingThePoolFile() throws Exception {
        Publisher.Result promoted = repo.publisher().promote(List.of("speedy-app=1.1.0-1"), "dev", "stable");

        assertThat(promoted.added()).containsExactly(POOL + "1.1.0-1_all.deb");
        String stable = Files.readString(repo.root.resolve("dists/stable/main/binary-amd64/Packages"));
        assertThat(stable).contains("Version: 1.1.0-1\n").doesNotContain("1.0.0-1", "1.2.0-1");
        assertThat(TestRepository.run("gpgv", "--keyring", repo.publicKeyring.toString(),
                repo.root.resolve("dists/stable/InRelease").toString())).contains("Good signature");
    }

    @Test
    void promotingWhatTheSourceSuiteLacksChangesNothing() throws Exception {
        Map<String, String> before = repo.checksums();

        assertThatThrownBy(() -> repo.publisher().promote(List.of("speedy-app=1.1.0-1", "speedy-app=9-1"), "dev",
                "stable")).isInstanceOf(PublishException.class).hasMessage("dev has no speedy-app 9-1");

        assertThat(repo.checksums()).isEqualTo(before);
    }

    @Test
    void removeTakesAVersionOutOfTheSuiteButThePoolKeepsIt() throws Exception {
        repo.publisher().remove(List.of("speedy-app=1.0.0-1"), "dev");

        assertThat(Files.readString(repo.root.resolve("dists/dev/main/binary-amd64/Packages")))
                .doesNotContain("Version: 1.0.0-1\n").contains("Version: 1.1.0-1\n", "Version: 1.2.0-1\n");
        assertThat(repo.root.resolve(POOL + "1.0.0-1_all.deb")).exists();
    }

    @Test
    void cleanupKeepsTheNewestAndNeverAFileThatASuiteStillNames() throws Exception {
        repo.publisher().promote(List.of("speedy-app=1.0.0-1"), "dev", "stable");
        repo.publisher().remove(List.of("speedy-app=1.0.0-1", "speedy-app=1.1.0-1"), "dev");

        List<String> deleted = new Cleanup(repo.root, repo.log::add).keepNewest(1);

        assertThat(deleted).containsExactly(POOL + "1.1.0-1_all.deb");
        assertThat(repo.root.resolve(POOL + "1.0.0-1_all.deb")).as("stable names it").exists();
        assertThat(repo.root.resolve(POOL + "1.2.0-1_all.deb")).as("the newest").exists();
        assertThat(new Verifier(repo.root, repo.publicKeyring).problems()).isEmpty();
    }

    @Test
    void verifyFindsATamperedPoolFileIndexOrSignature() throws Exception {
        assertThat(new Verifier(repo.root, repo.publicKeyring).problems()).isEmpty();

        Path pooled = repo.root.resolve(POOL + "1.1.0-1_all.deb");
        byte[] bytes = Files.readAllBytes(pooled);
        bytes[bytes.length / 2] ^= 1;
        Files.write(pooled, bytes);
        Files.write(repo.root.resolve("dists/dev/main/binary-amd64/Packages.gz"), new byte[] {0},
                StandardOpenOption.APPEND);
        Path inRelease = repo.root.resolve("dists/dev/InRelease");
        Files.writeString(inRelease, Files.readString(inRelease).replace("Suite: dev", "Suite: dEv"));

        assertThat(new Verifier(repo.root, repo.publicKeyring).problems()).satisfiesExactlyInAnyOrder(
                p -> assertThat(p).startsWith("dists/dev/InRelease: signature not good"),
                p -> assertThat(p).isEqualTo("dists/dev/main/binary-amd64/Packages.gz does not match its SHA256 in Release"),
                p -> assertThat(p).isEqualTo("dev: " + POOL + "1.1.0-1_all.deb does not match its SHA256 in Packages"));
    }
}
