package com.speedy.push.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.speedy.push.inventory.SshSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logins with keys held by a real ssh-agent (started for this class on a socket of its own) against a real sshd. */
class AgentAuthTest {
    @TempDir
    static Path dir;
    static TestSshd sshd;
    static Process agent;
    static Path socket;
    static SshSettings agentOnly;

    @BeforeAll
    static void startSshdAndAgent() throws Exception {
        sshd = TestSshd.start(dir);
        Path knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, sshd.knownHostsLine("ed25519") + "\n");
        agentOnly = TestHosts.settings(knownHosts, List.of(), true);

        socket = dir.resolve("agent.sock");
        agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("agent.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!Files.exists(socket)) {
            if (!agent.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("ssh-agent did not start: " + Files.readString(dir.resolve("agent.log")));
            }
            Thread.sleep(10);
        }
    }

    @AfterAll
    static void stopSshdAndAgent() throws Exception {
        if (agent != null) {
            agent.destroy(); // SIGTERM to its pid; it removes its socket
            agent.waitFor(5, TimeUnit.SECONDS);
        }
        if (sshd != null) {
            sshd.close();
        }
    }

    @AfterEach
    void forgetKeys() throws Exception {
        sshAdd("-D");
    }

    static void sshAdd(String... args) throws Exception {
        String[] argv = new String[args.length + 1];
        argv[0] = "ssh-add";
        System.arraycopy(args, 0, argv, 1, args.length);
        LocalCommands.run(Map.of("SSH_AUTH_SOCK", socket.toString()), argv);
    }

    static String whoamiThroughTheAgent() throws Exception {
        try (RemoteSession session = new SshConnector(agentOnly, Optional.of(socket))
                .open(TestHosts.host(sshd.port(), "root"))) {
            return session.run(RemoteCommand.of("whoami")).stdoutText();
        }
    }

    @Test
    void anEd25519KeyInARealSshAgentLogsIn() throws Exception {
        Path key = sshd.newAuthorizedKey("ed25519", "agent_ed25519");
        sshAdd("-q", key.toString());
        Files.delete(key); // only the agent has it now

        assertThat(whoamiThroughTheAgent()).isEqualTo("root\n");
    }

    @Test
    void anRsaKeyInTheAgentLogsInWithAnRsaSha2Signature() throws Exception {
        Path key = sshd.newAuthorizedKey("rsa", "agent_rsa");
        sshAdd("-q", key.toString());
        Files.delete(key);

        assertThat(whoamiThroughTheAgent()).isEqualTo("root\n");
        assertThat(sshd.log()).contains("Accepted publickey for root from 127.0.0.1")
                .containsPattern("Accepted publickey for root .*: RSA SHA256:");
    }

    @Test
    void anAgentWithoutKeysOrWithoutASocketIsNamedInTheLoginError() {
        assertThatThrownBy(AgentAuthTest::whoamiThroughTheAgent)
                .isInstanceOfSatisfying(AuthenticationException.class, e -> assertThat(e.offered())
                        .containsExactly("ssh-agent at " + socket + ": holds no keys (ssh-add adds one)"))
                .hasMessageContaining("no key to log in with");
        Path nowhere = dir.resolve("no-agent.sock");
        assertThatThrownBy(() -> new SshConnector(agentOnly, Optional.of(nowhere))
                .open(TestHosts.host(sshd.port(), "root")))
                .isInstanceOfSatisfying(AuthenticationException.class, e -> assertThat(e.offered())
                        .singleElement().asString().startsWith("ssh-agent: no ssh-agent answers at " + nowhere));
    }
}
