package com.speedy.repo.publish;

import com.speedy.debian.Suite;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.speedy.repo.signing.ReleaseSigner;
import com.speedy.repo.signing.SigningException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing into a real folder, signed with a real key, checked with the real gpgv and apt's own file names. */
class PublisherTest {
    @TempDir
    Path dir;

    private TestRepository repo;

    @BeforeEach
    void createRepository() throws Exception {
        repo = new TestRepository(dir.resolve("repo"), List.of("amd64", "arm64"));
    }

    @Test
    void publishesIntoThePoolAndWritesSignedIndexesForEveryArchitecture() throws Exception {
        Path app = TestRepository.deb(dir, "speedy-app", "1.0.0-1", "all", "one");

        Publisher.Result result = repo.publisher().publish("dev", List.of(app));

        assertThat(result.added()).containsExactly("pool/main/s/speedy-app/speedy-app_1.0.0-1_all.deb");
        assertThat(repo.root.resolve(result.added().get(0))).hasSameBinaryContentAs(app);
        Path suite = repo.root.resolve("dists/dev");
        for (String arch : List.of("amd64", "arm64")) {
            assertThat(Files.readString(suite.resolve("main/binary-" + arch + "/Packages")))
                    .contains("Package: speedy-app\n", "Filename: pool/main/s/speedy-app/speedy-app_1.0.0-1_all.deb\n");
            assertThat(suite.resolve("main/binary-" + arch + "/Packages.gz")).exists();
            assertThat(suite.resolve("main/binary-" + arch + "/Packages.xz")).exists();
        }
        String release = Files.readString(suite.resolve("Release"));
        String packagesSha256 = TestRepository.sha256(Files.readAllBytes(suite.resolve("main/binary-amd64/Packages")));
        assertThat(release).contains("Suite: dev\n", "Acquire-By-Hash: yes\n", packagesSha256);
        assertThat(suite.resolve("main/binary-amd64/by-hash/SHA256/" + packagesSha256)).exists();
        assertThat(TestRepository.run("gpgv", "--keyring", repo.publicKeyring.toString(),
                suite.resolve("InRelease").toString())).contains("Good signature");
        assertThat(TestRepository.run("gpgv", "--keyring", repo.publicKeyring.toString(),
                suite.resolve("Release.gpg").toString(), suite.resolve("Release").toString())).contains("Good signature");
    }

    @Test
    void progressCountsEveryPackageReadAndCopiedWithItsBytes() throws Exception {
        List<Path> debs = List.of(TestRepository.deb(dir, "speedy-app", "1.0.0-1", "all", "one"),
                TestRepository.deb(dir, "speedy-jobs", "1.0.0-1", "all", "two"),
                TestRepository.deb(dir, "speedy-notifier", "1.0.0-1", "all", "three"));
        long bytes = Files.size(debs.get(0)) + Files.size(debs.get(1)) + Files.size(debs.get(2));
        List<Publisher.Progress> seen = new CopyOnWriteArrayList<>();
        Publisher.Console console = new Publisher.Console() {
            @Override
            public void info(String message) {
            }

            @Override
            public void progress(Publisher.Progress progress) {
                seen.add(progress);
            }
        };

        repo.publisher(Clock.systemUTC(), console).publish("dev", debs);

        for (Publisher.Step step : Publisher.Step.values()) {
            List<Publisher.Progress> ofStep = seen.stream().filter(p -> p.step() == step).toList();
            assertThat(ofStep).as(step.name()).hasSize(3).allSatisfy(p -> assertThat(p.total()).isEqualTo(3));
            assertThat(ofStep.stream().mapToInt(Publisher.Progress::done).max().orElseThrow()).isEqualTo(3);
            assertThat(ofStep.stream().mapToLong(Publisher.Progress::bytes).max().orElseThrow()).isEqualTo(bytes);
        }
    }

    @Test
    void publishingOneMoreKeepsTheOthersAndAnArchitectureSpecificDebOnlyUnderItsArchitecture() throws Exception {
        repo.publisher().publish("dev", List.of(TestRepository.deb(dir, "speedy-app", "1.0.0-1", "all", "one")));
        repo.publisher().publish("dev", List.of(TestRepository.deb(dir, "speedy-native", "2.0-1", "arm64", "x")));

        String arm64 = Files.readString(repo.root.resolve("dists/dev/main/binary-arm64/Packages"));
        String amd64 = Files.readString(repo.root.resolve("dists/dev/main/binary-amd64/Packages"));
        assertThat(arm64).contains("Package: speedy-app\n", "Package: speedy-native\n");
        assertThat(amd64).contains("Package: speedy-app\n").doesNotContain("speedy-native");
    }

    @Test
    void theSameFileGivenTwiceInOnePublishIsAddedOnce() throws Exception {
        Path app = TestRepository.deb(dir, "speedy-app", "1.0.0-1", "all", "one");

        Publisher.Result result = repo.publisher().publish("dev", List.of(app, app));

        assertThat(result.added()).containsExactly("pool/main/s/speedy-app/speedy-app_1.0.0-1_all.deb");
        assertThat(repo.root.resolve(result.added().get(0))).hasSameBinaryContentAs(app);
    }

    @Test
    void publishingTheSameFileAgainIsALoggedSkipThatChangesNothing() throws Exception {
        Path app = TestRepository.deb(dir, "speedy-app", "1.0.0-1", "all", "one");
        repo.publisher().publish("dev", List.of(app));
        Map<String, String> before = repo.checksums();

        Publisher.Result again = repo.publisher().publish("dev", List.of(app));

        assertThat(again.added()).isEmpty();
        assertThat(again.alreadyThere()).hasSize(1);
        assertThat(repo.log).contains("already there: pool/main/s/speedy-app/speedy-app_1.0.0-1_all.deb");
        assertThat(repo.checksums()).isEqualTo(before);
    }

    @Test
    void badInputIsRefusedNamingTheFileAndTheRepositoryIsLeftExactlyAsItWas() throws Exception {
        repo.publisher().publish("dev", List.of(TestRepository.deb(dir, "speedy-app", "1.0.0-1", "all", "one")));
        Map<String, String> before = repo.checksums();
        Path good = TestRepository.deb(dir, "speedy-jobs", "1.0.0-1", "all", "fine");
        Path notADeb = Files.writeString(dir.resolve("notes.deb"), "not a package");
        Path truncated = dir.resolve("truncated.deb");
        byte[] whole = Files.readAllBytes(good);
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
        Path sameVersionOtherContent = TestRepository.deb(dir, "speedy-app", "1.0.0-1", "all", "two");

        assertThatThrownBy(() -> repo.publisher().publish("dev", List.of(good, notADeb)))
                .isInstanceOf(PublishException.class).hasMessageContaining(notADeb.toString());
        assertThatThrownBy(() -> repo.publisher().publish("dev", List.of(good, truncated)))
                .isInstanceOf(PublishException.class).hasMessageContaining(truncated.toString());
        assertThatThrownBy(() -> repo.publisher().publish("dev", List.of(good, sameVersionOtherContent)))
                .isInstanceOf(PublishException.class)
                .hasMessageContaining(sameVersionOtherContent.toString())
                .hasMessageContaining("already in the pool with different content");
        assertThatThrownBy(() -> repo.publisher().publish("dev", List.of(good, dir.resolve("absent.deb"))))
                .isInstanceOf(PublishException.class).hasMessage(dir.resolve("absent.deb") + ": no such file");
        Path jobsOtherContent = TestRepository.deb(dir, "speedy-jobs", "1.0.0-1", "all", "other");
        assertThatThrownBy(() -> repo.publisher().publish("dev", List.of(good, jobsOtherContent)))
                .as("two inputs of one name and version with different content")
                .isInstanceOf(PublishException.class).hasMessageContaining(jobsOtherContent.toString())
                .hasMessageContaining("already in the pool with different content");
        assertThatThrownBy(() -> repo.publisher().publish("nightly", List.of(good)))
                .isInstanceOf(PublishException.class).hasMessageContaining("unknown suite \"nightly\"");
        assertThatThrownBy(() -> repo.publisher().publish("dev",
                List.of(TestRepository.deb(dir, "speedy-x86", "1-1", "i386", "z"))))
                .isInstanceOf(PublishException.class).hasMessageContaining("architecture i386 is not served");

        assertThat(repo.checksums()).isEqualTo(before);
    }

    @Test
    void everyBadInputIsReportedAtOnceOneLineEachNamingItsFileAndNothingChanges() throws Exception {
        repo.publisher().publish("dev", List.of(TestRepository.deb(dir, "speedy-app", "1.0.0-1", "all", "one")));
        Map<String, String> before = repo.checksums();
        Path good = TestRepository.deb(dir, "speedy-jobs", "1.0.0-1", "all", "fine");
        Path notADeb = Files.writeString(dir.resolve("notes.deb"), "not a package");
        Path absent = dir.resolve("absent.deb");
        Path conflicting = TestRepository.deb(dir, "speedy-app", "1.0.0-1", "all", "two");
        Path i386 = TestRepository.deb(dir, "speedy-x86", "1-1", "i386", "z");

        assertThatThrownBy(() -> repo.publisher().publish("dev", List.of(notADeb, good, absent, conflicting, i386)))
                .isInstanceOf(PublishException.class)
                .satisfies(e -> assertThat(e.getMessage().lines().filter(l -> l.startsWith(dir.toString())))
                        .as(e.getMessage()).hasSize(4)
                        .anySatisfy(l -> assertThat(l).startsWith(notADeb.toString()))
                        .anySatisfy(l -> assertThat(l).isEqualTo(absent + ": no such file"))
                        .anySatisfy(l -> assertThat(l).startsWith(conflicting.toString())
                                .contains("already in the pool with different content"))
                        .anySatisfy(l -> assertThat(l).startsWith(i386.toString()).contains("architecture i386")));

        assertThat(repo.checksums()).isEqualTo(before);
    }

    @Test
    void versionsThatDifferOnlyByEpochAreRefusedNamingBothVersionsWithTheirEpochs() throws Exception {
        repo.publisher().publish("dev", List.of(TestRepository.deb(dir, "speedy-app", "1:1.0-1", "all", "one")));
        Path epoch2 = TestRepository.deb(dir, "speedy-app", "2:1.0-1", "all", "two");

        assertThatThrownBy(() -> repo.publisher().publish("dev", List.of(epoch2)))
                .isInstanceOf(PublishException.class)
                .hasMessageContaining(epoch2.toString())
                .hasMessageContaining("speedy-app 2:1.0-1")
                .hasMessageContaining("speedy-app 1:1.0-1");

        Path epoch3 = TestRepository.deb(dir, "speedy-jobs", "3:2.0-1", "all", "three");
        Path epoch4 = TestRepository.deb(dir, "speedy-jobs", "4:2.0-1", "all", "four");
        assertThatThrownBy(() -> repo.publisher().publish("dev", List.of(epoch3, epoch4)))
                .as("two inputs of one publish")
                .isInstanceOf(PublishException.class)
                .hasMessageContaining(epoch4 + ": speedy-jobs 4:2.0-1")
                .hasMessageContaining("speedy-jobs 3:2.0-1");
    }

    @Test
    void aSignerThatFailsLeavesTheSuitesIndexesAndReleaseAsTheyWere() throws Exception {
        repo.publisher().publish("dev", List.of(TestRepository.deb(dir, "speedy-app", "1.0.0-1", "all", "one")));
        Map<String, String> before = repo.checksums(repo.root.resolve("dists"));
        ReleaseSigner broken = new ReleaseSigner() {
            @Override
            public byte[] clearSign(byte[] release) throws SigningException {
                throw new SigningException("gpg-agent is not running");
            }

            @Override
            public byte[] detachedSignature(byte[] release) throws SigningException {
                throw new SigningException("gpg-agent is not running");
            }
        };
        Publisher publisher = new Publisher(repo.root, broken, Clock.systemUTC(), repo.log::add);

        assertThatThrownBy(() -> publisher.publish("dev",
                List.of(TestRepository.deb(dir, "speedy-jobs", "1.0.0-1", "all", "x"))))
                .isInstanceOf(PublishException.class).hasMessageContaining("gpg-agent is not running");

        assertThat(repo.checksums(repo.root.resolve("dists"))).isEqualTo(before);
    }

    @Test
    void byHashKeepsWhatTheReleaseNamesTwoGenerationsBeforeAndWhatARecentReleaseNamed() throws Exception {
        Instant start = Instant.parse("2026-11-22T00:00:00Z");
        Path byHash = repo.root.resolve("dists/dev/main/binary-amd64/by-hash/SHA256");
        for (int i = 1; i <= 6; i++) { // six publishes within a minute: a client may hold any of their Releases
            repo.publisher(Clock.fixed(start.plusSeconds(i), ZoneOffset.UTC))
                    .publish("dev", List.of(TestRepository.deb(dir, "pkg" + i, "1.0-1", "all", "p")));
        }
        assertThat(listing(byHash)).hasSize(6 * 3);

        repo.publisher(Clock.fixed(start.plus(Publisher.BY_HASH_RETENTION).plusSeconds(7), ZoneOffset.UTC))
                .publish("dev", List.of(TestRepository.deb(dir, "pkg7", "1.0-1", "all", "p")));

        assertThat(listing(byHash)).as("the current generation and the two before it").hasSize(3 * 3);
        Path suite = repo.root.resolve("dists/dev");
        for (String index : List.of("Packages", "Packages.gz", "Packages.xz")) {
            byte[] current = Files.readAllBytes(suite.resolve("main/binary-amd64/" + index));
            assertThat(byHash.resolve(TestRepository.sha256(current))).hasBinaryContent(current);
        }
    }

    private static List<Path> listing(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.toList();
        }
    }
}
