package com.speedy.push.sudo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.speedy.push.inventory.HostName;
import com.speedy.push.ssh.RemoteCommand;
import com.speedy.push.ssh.Sudo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class RootProgramsTest {
    @Test
    void theListedProgramsScriptsAndFixedStartsAreAllowedAndNothingElse() {
        assertThat(RootPrograms.allowed(List.of("systemctl", "restart", "speedy-app"))).isTrue();
        assertThat(RootPrograms.allowed(RootScript.TRY_RESTART.argv("speedy-app.service"))).isTrue();
        assertThat(RootPrograms.allowed(List.of("runuser", "-u", "postgres", "--", "psql"))).isTrue();
        assertThat(RootPrograms.allowed(List.of("/usr/lib/postgresql/15/bin/pg_controldata", "/d"))).isTrue();
        assertThat(RootPrograms.allowed(List.of("env", "LC_ALL=C", "DEBIAN_FRONTEND=noninteractive",
                "NEEDRESTART_SUSPEND=1", "apt-get", "install", "-y", "speedy-app"))).isTrue();

        assertThat(RootPrograms.allowed(List.of("sh", "-c", "true"))).isFalse();
        assertThat(RootPrograms.allowed(List.of("bash", "-c", "id", RootScript.TRY_RESTART.verb()))).isFalse();
        assertThat(RootPrograms.allowed(List.of("bash", "-c", RootScript.TRY_RESTART.text(), "other-verb"))).isFalse();
        assertThat(RootPrograms.allowed(List.of("runuser", "-u", "root", "--", "id"))).isFalse();
        assertThat(RootPrograms.allowed(List.of("env", "LC_ALL=C", "bash"))).isFalse();
        assertThat(RootPrograms.allowed(List.of("/usr/lib/postgresql/15/bin/postgres"))).isFalse();
        assertThatThrownBy(() -> RootPrograms.check(List.of("sh", "-c", "true")))
                .hasMessage("push may not run 'sh -c true' as root: it is not in RootPrograms (nor a RootScript)");
    }

    @Test
    void throughSudoAScriptIsTheHelpersVerbWithItsArgumentsAndInput() throws Exception {
        byte[] content = "x\n".getBytes(StandardCharsets.UTF_8);
        RemoteCommand upload = RemoteCommand.of(RootScript.UPLOAD.argv("0644", "/etc/speedy/a", "root:root"))
                .withStdin(content);
        Sudo deploy = Sudo.forLogin(HostName.parse("app1"), "deploy");
        assertThat(deploy.asRoot(upload).argv()).containsExactly("sudo", "-n", "--", SudoHelper.PATH, "upload",
                "0644", "/etc/speedy/a", "root:root");
        assertThat(deploy.asRoot(upload).stdin()).isEqualTo(content);
        assertThat(Sudo.forLogin(HostName.parse("app1"), "root").asRoot(upload).argv()).isEqualTo(upload.argv());
        // Refused for root too, so every test that runs push as root checks the list.
        assertThatThrownBy(() -> Sudo.forLogin(HostName.parse("app1"), "root").asRoot(RemoteCommand.of("sh", "-c",
                "true"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noShellScriptIsWrittenOutsideRootScript() throws IOException {
        Pattern inline = Pattern.compile("List\\.of\\(\"(ba)?sh\", \"-c\"");
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            List<String> offenders = sources.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return inline.matcher(Files.readString(p)).find();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(Path::toString).toList();
            assertThat(offenders).as("scripts run as root belong in RootScript").isEmpty();
        }
    }
}
