package com.speedy.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.repo.cli.RepoTool;
import com.speedy.repo.serve.RepositoryServer;
import com.speedy.testbed.ExecResult;
import com.speedy.testbed.Testbed;
import com.speedy.testbed.TestbedHost;
import com.speedy.testbed.TestbedHosts;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * speedy-tools as an operator gets it: the package this module built, published with repo-tool, served on the testbed
 * bridge, and installed with the real apt-get on a testbed host; then its tools, man pages and completion used there,
 * and a purge that must leave the host's files as they were.
 */
@TestbedHosts({"host1"})
class ToolsPackageIT {
    private static final String BRIDGE_ADDRESS = "10.213.7.1";
    private static final String[] APT = {"env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "-y", "-q"};
    private static final String SOURCE = "/etc/apt/sources.list.d/speedy-tools-it.list";
    private static final String KEYRING = "/etc/apt/keyrings/speedy-tools-it.gpg";

    @TempDir
    Path dir;

    @Test
    void installedWithAptTheToolsRunTheirManPagesAndCompletionWorkAndAPurgeLeavesNothing(Testbed testbed)
            throws Exception {
        Path repo = dir.resolve("apt");
        repoTool("init", repo.toString(), "--suite", "dev");
        repoTool("key", "generate", "-r", repo.toString());
        repoTool("publish", "-r", repo.toString(), "--suite", "dev", builtDeb().toString());
        HttpServer server = RepositoryServer.start(repo, BRIDGE_ADDRESS, 0);
        TestbedHost host = testbed.host("host1");
        try {
            List<String> filesBefore = host.files();
            host.exec("mkdir", "-p", "/etc/apt/keyrings").orThrow();
            host.upload(repo.resolve("conf/archive-keyring.gpg"), KEYRING);
            host.exec("sh", "-c", "echo 'deb [signed-by=" + KEYRING + "] http://" + BRIDGE_ADDRESS + ":"
                    + server.getAddress().getPort() + "/ dev main' > " + SOURCE).orThrow();
            ExecResult update = host.exec(apt("update")).orThrow();
            assertThat(update.stdout() + update.stderr()).doesNotContain("W:", "E:");

            host.exec(apt("install", "speedy-tools")).orThrow();

            assertThat(host.exec("push", "--version").orThrow().stdout()).startsWith("push ");
            assertThat(host.exec("repo-tool", "--version").orThrow().stdout()).startsWith("repo-tool ");
            assertThat(host.exec("sh", "-c", "PUSH_JAVA_OPTS=-Xshare:on push --version").exitStatus())
                    .as("push starts with the class-data sharing archive postinst made (-Xshare:on fails without)")
                    .isZero();
            assertThat(host.exec("sh", "-c", "MANWIDTH=100 man push-db-switchover").orThrow().stdout())
                    .as("groff may print a hyphen as U+2010, so only words are compared")
                    .contains("push db switchover", "streaming standby");
            assertThat(host.exec("sh", "-c", "MANWIDTH=100 man repo-tool-publish").orThrow().stdout())
                    .contains("publish", "suite");
            assertThat(complete(host, "push db sw")).containsExactly("switchover");
            assertThat(complete(host, "push d")).contains("db");
            assertThat(complete(host, "repo-tool pub")).containsExactly("publish");

            host.exec("sh", "-c", "echo 'PUSH_INVENTORY=/etc/speedy-tools/nowhere.yaml' >> /etc/speedy-tools/defaults")
                    .orThrow();
            assertThat(host.exec("push", "status").stderr()).as("the defaults file names the inventory")
                    .contains("/etc/speedy-tools/nowhere.yaml");
            assertThat(host.exec("sh", "-c", "PUSH_INVENTORY=/root/elsewhere.yaml push status").stderr())
                    .as("the environment wins").contains("/root/elsewhere.yaml");

            host.exec(apt("purge", "speedy-tools")).orThrow();
            host.exec("rm", "-f", SOURCE, KEYRING).orThrow();

            assertThat(host.exec("test", "-e", "/var/cache/speedy-tools").exitStatus()).as("the archives").isOne();
            assertThat(host.exec("sh", "-c", "command -v push repo-tool").stdout()).isEmpty();
            assertThat(host.files()).as("every file the install added is gone").isEqualTo(filesBefore);
        } finally {
            host.exec("rm", "-f", SOURCE, KEYRING);
            server.stop(0);
        }
    }

    /** What bash completion offers for the last word of {@code line}, through the completion script the package put. */
    private static List<String> complete(TestbedHost host, String line) {
        String tool = line.split(" ")[0];
        String script = ". /usr/share/bash-completion/completions/" + tool + " && COMP_LINE='" + line + "'"
                + " && COMP_POINT=${#COMP_LINE} && read -r -a COMP_WORDS <<< \"$COMP_LINE\""
                + " && COMP_CWORD=$((${#COMP_WORDS[@]} - 1)) && _complete_" + tool
                + " && printf '%s\\n' \"${COMPREPLY[@]}\"";
        return host.exec("bash", "-c", script).orThrow().stdout().lines().map(String::strip).toList();
    }

    private static String[] apt(String... args) {
        return Stream.concat(Stream.of(APT), Stream.of(args)).toArray(String[]::new);
    }

    private static void repoTool(String... args) {
        int exit = RepoTool.commandLine().execute(args);
        assertThat(exit).as("repo-tool " + String.join(" ", args)).isZero();
    }

    /** The .deb this module's package phase built. */
    private static Path builtDeb() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            List<Path> debs = files.filter(p -> p.getFileName().toString().matches("speedy-tools_.*_all\\.deb"))
                    .toList();
            assertThat(debs).as("the package this module built (mvn verify builds it first)").hasSize(1);
            return debs.get(0);
        }
    }
}
