package com.speedy.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The maintainer scripts, run with their absolute paths moved under a temporary root, as no test here is root. */
class MaintainerScriptsTest {
    @Test
    void postinstDropsLinksToOurPluginsThatAreGoneAndLinksTheNewOnes(@TempDir Path root) throws Exception {
        Path plugins = Files.createDirectories(root.resolve("usr/share/munin/plugins"));
        Path links = Files.createDirectories(root.resolve("etc/munin/plugins"));
        Files.writeString(plugins.resolve("speedy_app_requests"), "");
        Files.writeString(plugins.resolve("speedy_jobs_age"), "");
        Files.createSymbolicLink(links.resolve("speedy_app_requests"), plugins.resolve("speedy_app_requests"));
        Files.createSymbolicLink(links.resolve("speedy_jobs"), plugins.resolve("speedy_jobs"));
        Files.createSymbolicLink(links.resolve("speedy_local"), root.resolve("usr/local/speedy_local"));
        Path bin = Files.createDirectories(root.resolve("bin"));
        // munin-node-configure --shell: one line per plugin whose autoconf said yes and that is not linked yet
        FakeCommand.write(bin, "munin-node-configure", """
                echo "ln -s '%1$s/speedy_jobs_age' '%2$s/speedy_jobs_age'"
                echo "ln -s '%1$s/cpu' '%2$s/cpu'"
                """.formatted(plugins, links));
        FakeCommand.write(bin, "deb-systemd-invoke", ":");
        String script = Files.readString(Script.DEB.resolve("control/postinst")).replace("/etc/", root + "/etc/")
                .replace("/usr/share/", root + "/usr/share/").replace("/var/lib/", root + "/var/lib/");
        Path postinst = Files.writeString(root.resolve("postinst"), script);

        Script.Result result = Script.run(Path.of("/bin/sh"), FakeCommand.path(bin), postinst.toString(), "configure");

        assertThat(result.exitCode()).isZero();
        assertThat(Files.isSymbolicLink(links.resolve("speedy_jobs"))).as("a link to a plugin no longer shipped")
                .isFalse();
        assertThat(links.resolve("speedy_app_requests")).as("a link to a plugin still shipped").exists();
        assertThat(Files.isSymbolicLink(links.resolve("speedy_local"))).as("someone else's, dangling or not").isTrue();
        assertThat(Files.readSymbolicLink(links.resolve("speedy_jobs_age")))
                .isEqualTo(plugins.resolve("speedy_jobs_age"));
        assertThat(links.resolve("cpu")).as("not ours to link").doesNotExist();
    }
}
