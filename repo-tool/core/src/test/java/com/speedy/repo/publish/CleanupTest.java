package com.speedy.repo.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cleanup orders versions as dpkg does, epoch included, although pool file names carry no epoch. */
class CleanupTest {
    private static final String POOL = "pool/main/s/speedy-x/speedy-x_";

    @TempDir
    Path dir;

    @Test
    void keepTwoKeepsTheEpochVersionAndTheNewerUpstreamWhenNoSuiteNamesThem() throws Exception {
        TestRepository repo = new TestRepository(dir.resolve("repo"), List.of("amd64"));
        for (String version : List.of("1.9-1", "1.10-1", "2:0.1-1")) {
            repo.publisher().publish("dev", List.of(TestRepository.deb(dir, "speedy-x", version, "all", version)));
        }
        repo.publisher().remove(List.of("speedy-x"), "dev");

        List<String> deleted = new Cleanup(repo.root, repo.log::add).keepNewest(2);

        assertThat(deleted).containsExactly(POOL + "1.9-1_all.deb");
        assertThat(repo.root.resolve(POOL + "0.1-1_all.deb")).as("2:0.1-1, the newest").exists();
        assertThat(repo.root.resolve(POOL + "1.10-1_all.deb")).exists();
    }

    @Test
    void keepOneWhileSuitesNameThemKeepsTheNamedAndOrdersByTheirIndexedVersions() throws Exception {
        TestRepository repo = new TestRepository(dir.resolve("repo"), List.of("amd64"));
        for (String version : List.of("1.9-1", "1.10-1", "2:0.1-1")) {
            repo.publisher().publish("dev", List.of(TestRepository.deb(dir, "speedy-x", version, "all", version)));
        }
        repo.publisher().remove(List.of("speedy-x=1.9-1", "speedy-x=1.10-1"), "dev");

        List<String> deleted = new Cleanup(repo.root, repo.log::add).keepNewest(1);

        assertThat(deleted).containsExactlyInAnyOrder(POOL + "1.9-1_all.deb", POOL + "1.10-1_all.deb");
        assertThat(repo.root.resolve(POOL + "0.1-1_all.deb")).exists();
        assertThat(new Verifier(repo.root, repo.publicKeyring).problems()).isEmpty();
    }
}
