package com.speedy.repo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.repo.publish.TestRepository;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The commands as a user runs them: init, key generate, publish, list. */
class RepoToolCliTest {
    @TempDir
    Path dir;

    @Test
    void initKeyGeneratePublishAndListInJson() throws Exception {
        Path repo = dir.resolve("apt");
        Path deb = TestRepository.deb(dir, "speedy-app", "1.0.0-1", "all", "cli");

        assertThat(run("init", repo.toString(), "--suite", "dev", "--suite", "stable").exitCode).isZero();
        assertThat(run("key", "generate", "-r", repo.toString()).exitCode).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(repo.resolve("conf/signing-key.asc"))))
                .isEqualTo("rw-------");
        Result published = run("publish", "-r", repo.toString(), "--suite", "dev", deb.toString());
        assertThat(published.exitCode).as(published.err).isZero();
        assertThat(published.out).contains("dev: 1 added, 0 already there");

        Result listed = run("list", "-r", repo.toString(), "--json");
        assertThat(listed.out).contains("\"suite\" : \"dev\"", "\"name\" : \"speedy-app\"", "\"version\" : \"1.0.0-1\"");
    }

    @Test
    void refusalsExitOneWithAOneLineMessageAndUsageErrorsExitTwo() throws Exception {
        Path repo = dir.resolve("apt");
        run("init", repo.toString());
        run("key", "generate", "-r", repo.toString());
        Path notADeb = Files.writeString(dir.resolve("x.deb"), "nope");

        Result refused = run("publish", "-r", repo.toString(), "--suite", "dev", notADeb.toString());
        assertThat(refused.exitCode).isEqualTo(1);
        assertThat(refused.err.strip()).startsWith("repo-tool: " + notADeb).doesNotContain("\n\tat ");
        assertThat(run("publish", "-r", repo.toString(), "--suite", "dev", notADeb.toString(), "--stacktrace").err)
                .as("--stacktrace after the subcommand").contains("\n\tat ");
        assertThat(run("--stacktrace", "publish", "-r", repo.toString(), "--suite", "dev", notADeb.toString()).err)
                .as("--stacktrace before it").contains("\n\tat ");

        assertThat(run("publish", "-r", repo.toString(), notADeb.toString()).exitCode).as("--suite missing").isEqualTo(2);
        assertThat(run("publish", "-r", dir.resolve("none").toString(), "--suite", "dev", notADeb.toString()).err)
                .contains("is not a repository");

        Result both = run("publish", "-r", repo.toString(), "--suite", "dev", "--key",
                repo.resolve("conf/signing-key.asc").toString(), "--gpg-key", "0x" + "AB".repeat(20),
                notADeb.toString());
        assertThat(both.exitCode).as("--key with --gpg-key").isEqualTo(2);
        assertThat(both.err).contains("--key and --gpg-key exclude each other");
    }

    @Test
    void verifyReportsWhatAKilledPublishLeftAndChangesNothingThenListRemovesItAndSaysSo() throws Exception {
        Path repo = dir.resolve("apt");
        run("init", repo.toString(), "--suite", "dev");
        run("key", "generate", "-r", repo.toString());
        Path deb = TestRepository.deb(dir, "speedy-app", "1.0.0-1", "all", "cli");
        assertThat(run("publish", "-r", repo.toString(), "--suite", "dev", deb.toString()).exitCode).isZero();
        assertThat(Files.readSymbolicLink(repo.resolve("dists/dev"))).hasToString(".dev.1");
        // What a publish killed before its switch leaves: a generation never made live, a staged pool file.
        Files.createDirectories(repo.resolve("dists/.dev.2/main/binary-amd64"));
        Files.writeString(repo.resolve("dists/.dev.2/main/binary-amd64/Packages"), "half");
        Files.createDirectories(repo.resolve("pool/.incoming"));
        Files.writeString(repo.resolve("pool/.incoming/speedy-app_1.1-1_all.deb"), "half");

        Result verified = run("verify", "-r", repo.toString());
        assertThat(verified.exitCode).isEqualTo(1);
        assertThat(verified.out).contains("problem: left over by a killed write: the unfinished publish of suite dev"
                + " (dists/.dev.2)", "problem: left over by a killed write: 1 temporary pool file(s)");
        assertThat(repo.resolve("dists/.dev.2")).as("verify changes nothing").exists();

        Result listed = run("list", "-r", repo.toString());
        assertThat(listed.exitCode).isZero();
        assertThat(listed.err).contains("recovered: removed the unfinished publish of suite dev (1 temporary files)",
                "recovered: removed 1 temporary pool file(s) of an unfinished publish");
        assertThat(listed.out).contains("speedy-app");
        assertThat(repo.resolve("dists/.dev.2")).doesNotExist();
        assertThat(run("verify", "-r", repo.toString()).exitCode).isZero();
    }

    @Test
    void everyCommandsHelpShowsAnExample() {
        CommandLine cli = RepoTool.commandLine();
        for (String command : new String[] {"init", "publish", "list", "serve", "sync"}) {
            assertThat(cli.getSubcommands().get(command).getUsageMessage()).as(command).contains("Example:");
        }
        assertThat(cli.getSubcommands().get("key").getSubcommands().get("generate").getUsageMessage())
                .contains("Example:");
        assertThat(cli.getUsageMessage()).contains("Example:", "Exit codes:");
    }

    @Test
    void aBadS3TargetOrSettingsFileRefusesBeforeAnythingIsWritten() throws Exception {
        Path repo = dir.resolve("apt");
        run("init", repo.toString(), "--suite", "dev");
        run("key", "generate", "-r", repo.toString());
        Path deb = TestRepository.deb(dir, "speedy-app", "1.0.0-1", "all", "s3");

        assertThat(run("sync", "-r", repo.toString()).exitCode).as("sync without --target").isEqualTo(2);
        Result notS3 = run("publish", "-r", repo.toString(), "--suite", "dev", "--target", "https://apt/x",
                deb.toString());
        assertThat(notS3.exitCode).isEqualTo(2);
        assertThat(notS3.err).contains("--target", "s3://BUCKET/PREFIX");
        Files.writeString(repo.resolve("conf/s3.properties"), "endpoint=http://127.0.0.1:1\nregion=r\n"
                + "access-key=AK\nsecret-key=TOPSECRET\n");
        Files.setPosixFilePermissions(repo.resolve("conf/s3.properties"), PosixFilePermissions.fromString("rw-r--r--"));
        Result readable = run("publish", "-r", repo.toString(), "--suite", "dev", "--target", "s3://apt/x",
                deb.toString());
        assertThat(readable.exitCode).isEqualTo(1);
        assertThat(readable.err).contains("s3.properties", "others may read it").doesNotContain("TOPSECRET");
        assertThat(run("list", "-r", repo.toString()).out).doesNotContain("speedy-app");
    }

    private record Result(int exitCode, String out, String err) {}

    private static Result run(String... args) {
        CommandLine cli = RepoTool.commandLine();
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err));
        PrintStream originalOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter usage = new StringWriter();
        cli.setOut(new PrintWriter(usage));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = cli.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8) + usage, err.toString());
        } finally {
            System.setOut(originalOut);
        }
    }
}
