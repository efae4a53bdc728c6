package com.speedy.push.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.speedy.push.rollout.ScriptedHost;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootstrapInstallTest {
    @TempDir
    Path dir;

    @Test
    void theListsAreFetchedBeforeTheMissingPackagesAreInstalled() throws Exception {
        ScriptedHost host = new ScriptedHost();
        ScriptedHost.runOn(ScriptedHost.host("new1"), host, steps -> {
            BootstrapJob.install(steps, List.of("sudo", "nftables"));
            return "";
        }, dir, new ArrayList<>());
        assertThat(host.commands()).hasSize(2);
        assertThat(host.commands().get(0)).contains("'apt-get' 'update' '-q'").doesNotContain("sourcelist");
        assertThat(host.commands().get(1)).contains("'apt-get' 'install'", "'sudo' 'nftables'");
    }

    @Test
    void listsThatCannotBeFetchedStopItBeforeAnyInstall() throws Exception {
        ScriptedHost host = new ScriptedHost().on("'update'", 100, "", "E: Failed to fetch http://deb.debian.org\n");
        assertThatThrownBy(() -> ScriptedHost.runOn(ScriptedHost.host("new1"), host, steps -> {
            BootstrapJob.install(steps, List.of("sudo"));
            return "";
        }, dir, new ArrayList<>())).hasMessageContaining("apt-get update failed: exit 100: E: Failed to fetch")
                .hasMessageContaining("nothing was installed");
        assertThat(host.commands()).singleElement().asString().contains("'update'");
    }
}
