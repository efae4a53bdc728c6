package com.speedy.push.sudo;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.process.LocalCommand;
import com.speedy.process.ProcessResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SudoHelperTest {
    @TempDir
    Path dir;

    @Test
    void theHelperIsValidBashAndAnswersEachScriptAsBashDashCDoes() throws Exception {
        Path helper = helper();
        assertThat(LocalCommand.of("bash", "-n", helper.toString()).run().exitStatus()).isZero();
        Path present = Files.writeString(dir.resolve("present"), "held\n");
        String absent = dir.resolve("absent").toString();
        for (List<String> args : List.of(List.of(present.toString()), List.of(absent))) {
            ProcessResult direct = LocalCommand.of(RootScript.CAT_IF_EXISTS.argv(args)).run();
            ProcessResult viaHelper = LocalCommand.of(SudoHelper.argv(RootScript.CAT_IF_EXISTS, args)
                    .stream().map(w -> w.equals(SudoHelper.PATH) ? helper.toString() : w).toList()).run();
            assertThat(viaHelper.exitStatus()).isEqualTo(direct.exitStatus()).isZero();
            assertThat(viaHelper.stdoutText()).isEqualTo(direct.stdoutText());
        }
        assertThat(run(helper, RootScript.ANY_EXISTS, absent, present.toString()).exitStatus()).isZero();
        assertThat(run(helper, RootScript.ANY_EXISTS, absent).exitStatus()).isEqualTo(1);
    }

    @Test
    void theUploadVerbWritesStandardInputWithItsModeAndRenamesItIntoPlace() throws Exception {
        Path helper = helper();
        Path target = dir.resolve("conf");
        String owner = LocalCommand.of("id", "-un").run().stdoutText().strip() + ":"
                + LocalCommand.of("id", "-gn").run().stdoutText().strip();
        ProcessResult upload = LocalCommand.of(helper.toString(), "upload", "0640", target.toString(), owner)
                .withStdin("key = value\n".getBytes(StandardCharsets.UTF_8)).run();
        assertThat(upload.exitStatus()).as(upload.stderrText()).isZero();
        assertThat(Files.readString(target)).isEqualTo("key = value\n");
        assertThat(LocalCommand.of("stat", "-c", "%a", target.toString()).run().stdoutText().strip()).isEqualTo("640");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("helper", "conf");
        }
    }

    @Test
    void aVerbTheHelperDoesNotHaveIsExit127SayingToBootstrapAgain() throws Exception {
        ProcessResult unknown = LocalCommand.of(helper().toString(), "cat-if-exists-00000000", "/etc/hostname").run();
        assertThat(unknown.exitStatus()).isEqualTo(SudoHelper.UNKNOWN_VERB);
        assertThat(unknown.stdoutText()).isEmpty();
        assertThat(unknown.stderrText()).contains("no verb 'cat-if-exists-00000000'", "run push bootstrap");
    }

    @Test
    void aScriptsVerbChangesWithItsTextButUploadKeepsItsNameAndText() throws Exception {
        assertThat(RootScript.CAT_IF_EXISTS.verb()).matches("cat-if-exists-[0-9a-f]{8}");
        assertThat(RootScript.UPLOAD.verb()).isEqualTo("upload");
        // An older helper writes the newer one with this verb: changing its text would strand every bootstrapped host.
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(RootScript.UPLOAD.text().getBytes(StandardCharsets.UTF_8)));
        assertThat(sha).isEqualTo(UPLOAD_SHA256);
    }

    private static final String UPLOAD_SHA256 = "8c84ca6145f2e1ae3bcfed92e3bbd7c0759bd9d324438dd90b273a8ffe9ba71d";

    private ProcessResult run(Path helper, RootScript script, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(helper.toString(), script.verb()));
        argv.addAll(List.of(args));
        return LocalCommand.of(argv).run();
    }

    private Path helper() throws IOException {
        Path helper = Files.writeString(dir.resolve("helper"), SudoHelper.text());
        assertThat(helper.toFile().setExecutable(true)).isTrue();
        return helper;
    }
}
