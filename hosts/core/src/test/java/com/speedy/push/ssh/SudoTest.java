package com.speedy.push.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.speedy.process.LocalCommand;
import com.speedy.process.ProcessResult;
import com.speedy.push.inventory.HostName;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SudoTest {
    /** Answers every command with one result and keeps what it was asked to run. */
    static final class ScriptedSession implements RemoteSession {
        final List<RemoteCommand> ran = new ArrayList<>();
        final CommandResult answer;

        ScriptedSession(CommandResult answer) {
            this.answer = answer;
        }

        @Override
        public CommandResult run(RemoteCommand command) {
            ran.add(command);
            return answer;
        }

        @Override
        public void upload(byte[] content, String remotePath, String mode, String owner) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {}
    }

    static CommandResult result(int status, String stderr) {
        return new CommandResult(status, new byte[0], stderr.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void rootRunsCommandsAsTheyAreAndOtherUsersThroughSudoDashN() throws Exception {
        HostName db1 = HostName.parse("db1");
        RemoteCommand restart = RemoteCommand.of("systemctl", "restart", "speedy-app");
        assertThat(Sudo.forLogin(db1, "root").asRoot(restart).argv()).containsExactly("systemctl", "restart",
                "speedy-app");
        assertThat(Sudo.forLogin(db1, "deploy").asRoot(restart).argv())
                .containsExactly("sudo", "-n", "--", "systemctl", "restart", "speedy-app");
    }

    @Test
    void sudoWantingAPasswordIsATypedErrorNamingTheHostTheUserAndTheCommand() throws Exception {
        ScriptedSession session = new ScriptedSession(result(1, "sudo: a password is required\n"));
        Sudo sudo = Sudo.forLogin(HostName.parse("db1"), "deploy");
        assertThatThrownBy(() -> sudo.run(session, RemoteCommand.of("systemctl", "restart", "speedy-app")))
                .isInstanceOfSatisfying(SudoRightMissingException.class, e -> {
                    assertThat(e.host()).hasToString("db1");
                    assertThat(e.user()).isEqualTo("deploy");
                    assertThat(e.command().argv()).containsExactly("systemctl", "restart", "speedy-app");
                })
                .hasMessage("db1: user deploy may not run as root without a password (sudo -n: a password is"
                        + " required): 'systemctl' 'restart' 'speedy-app'");
        assertThat(session.ran).hasSize(1);
    }

    @Test
    void aCommandFailingOnItsOwnUnderSudoIsJustItsExitStatus() throws Exception {
        ScriptedSession session = new ScriptedSession(result(1, "E: Could not open lock file\n"));
        CommandResult result = Sudo.forLogin(HostName.parse("db1"), "deploy")
                .run(session, RemoteCommand.of("systemctl", "restart", "speedy-app"));
        assertThat(result.exitStatus()).isEqualTo(1);
    }

    @Test
    void theMessageRealSudoPrintsForAUserWithoutTheRightIsRecognised() throws Exception {
        LocalCommands.requireRootAndOpenSsh();
        ProcessResult sudo = LocalCommand.of("runuser", "-u", "nobody", "--", "sudo", "-n", "--", "true").run();
        CommandResult real = new CommandResult(sudo.exitStatus(), new byte[0], sudo.stderr());
        assertThat(Sudo.passwordRequired(real)).as("sudo said: %s", real.stderrText()).isTrue();
    }
}
