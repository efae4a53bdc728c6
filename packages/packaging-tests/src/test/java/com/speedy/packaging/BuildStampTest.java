package com.speedy.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.process.LocalCommand;
import com.speedy.process.ProcessResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/build-stamp, run with the real git in a repository of its own: the same commit is always stamped alike (so it
 * builds the same bytes), and every uncommitted change gets a later stamp and the +uncommitted mark.
 */
class BuildStampTest {
    private static final Instant COMMITTED = Instant.parse("2026-11-30T10:00:00Z");
    private static final String COMMIT_STAMP = "-Dproject.build.outputTimestamp=2026-11-30T10:00:00Z";

    @TempDir
    Path checkout;

    @BeforeEach
    void aCleanCheckoutOfOneCommit() throws Exception {
        Files.createDirectories(checkout.resolve("bin"));
        Files.copy(DebFile.projectDir().resolve("bin/build-stamp"), checkout.resolve("bin/build-stamp"));
        Files.writeString(checkout.resolve("App.java"), "class App {}\n");
        Files.writeString(checkout.resolve(".gitignore"), "target/\n");
        git("init", "-q");
        git("add", ".");
        git("commit", "-q", "-m", "first");
    }

    @Test
    void aCleanCheckoutIsStampedWithItsCommitTimeEveryTime() throws Exception {
        assertThat(stamp()).isEqualTo(COMMIT_STAMP);
        assertThat(stamp()).isEqualTo(COMMIT_STAMP);
    }

    @Test
    void aChangedFileGivesItsOwnLaterStampAndTheUncommittedMark() throws Exception {
        edit("App.java", "class App { int changed; }\n", "2026-11-30T12:34:56Z");
        assertThat(stamp()).isEqualTo(
                "-Dproject.build.outputTimestamp=2026-11-30T12:34:56Z -Ddeb.snapshot-suffix=+uncommitted");
        assertThat(stamp()).as("the same unchanged tree, built again").isEqualTo(
                "-Dproject.build.outputTimestamp=2026-11-30T12:34:56Z -Ddeb.snapshot-suffix=+uncommitted");

        edit("App.java", "class App { int changedAgain; }\n", "2026-11-30T12:40:00Z");
        assertThat(stamp()).startsWith("-Dproject.build.outputTimestamp=2026-11-30T12:40:00Z ");
    }

    @Test
    void aChangeOlderThanTheCommitStillSortsAfterIt() throws Exception {
        edit("App.java", "class App { int old; }\n", "2026-11-01T00:00:00Z");
        assertThat(stamp()).isEqualTo(
                "-Dproject.build.outputTimestamp=2026-11-30T10:00:01Z -Ddeb.snapshot-suffix=+uncommitted");
    }

    @Test
    void newAndDeletedFilesAreChangesButIgnoredOnesAreNot() throws Exception {
        Files.createDirectories(checkout.resolve("target"));
        edit("target/App.class", "built", "2026-12-01T00:00:00Z");
        assertThat(stamp()).as("an ignored build output").isEqualTo(COMMIT_STAMP);

        edit("New.java", "class New {}\n", "2026-11-30T11:00:00Z");
        assertThat(stamp()).endsWith(" -Ddeb.snapshot-suffix=+uncommitted");

        Files.delete(checkout.resolve("New.java"));
        Files.delete(checkout.resolve("App.java"));
        assertThat(stamp()).as("a deleted file").endsWith(" -Ddeb.snapshot-suffix=+uncommitted");
    }

    @Test
    void aCommittedChangeIsStampedWithTheNewCommitAndUnmarked() throws Exception {
        edit("App.java", "class App { int changed; }\n", "2026-11-30T12:34:56Z");
        git(Map.of("GIT_COMMITTER_DATE", "2026-11-30T13:00:00Z"), "commit", "-q", "-am", "second");
        assertThat(stamp()).isEqualTo("-Dproject.build.outputTimestamp=2026-11-30T13:00:00Z");
    }

    @Test
    void outsideAGitCheckoutItPrintsNothingAndThePomsStampApplies(@TempDir Path tarball) throws Exception {
        Files.createDirectories(tarball.resolve("bin"));
        Files.copy(checkout.resolve("bin/build-stamp"), tarball.resolve("bin/build-stamp"));
        Command run = Command.run(tarball, 1, "bash", "bin/build-stamp");
        assertThat(run.exitCode()).isZero();
        assertThat(run.output()).isEmpty();
    }

    private void edit(String file, String content, String time) throws IOException {
        Files.writeString(checkout.resolve(file), content);
        Files.setLastModifiedTime(checkout.resolve(file), FileTime.from(Instant.parse(time)));
    }

    private String stamp() throws Exception {
        Command run = Command.run(checkout, 1, "bash", "bin/build-stamp");
        assertThat(run.exitCode()).as(run.output()).isZero();
        return run.output().strip();
    }

    private void git(String... args) throws Exception {
        git(Map.of("GIT_COMMITTER_DATE", COMMITTED.toString()), args);
    }

    private void git(Map<String, String> environment, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of("git", "-c", "user.name=Test", "-c", "user.email=test@example.org"));
        argv.addAll(List.of(args));
        ProcessResult git = LocalCommand.of(argv).inDirectory(checkout).withEnvironment(environment)
                .withEnvironment(Map.of("GIT_AUTHOR_DATE", COMMITTED.toString())).withStderrMerged().run();
        assertThat(git.exitStatus()).as("git %s: %s", argv, git.stdoutText()).isZero();
    }
}
