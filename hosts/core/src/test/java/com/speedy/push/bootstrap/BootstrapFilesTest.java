package com.speedy.push.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BootstrapFilesTest {
    @Test
    void aLocaleIsLookedForAsLocaleDashAListsIt() {
        assertThat(BootstrapFiles.localeListed("C.UTF-8")).isEqualTo("C.utf8");
        assertThat(BootstrapFiles.localeListed("en_US.UTF-8")).isEqualTo("en_US.utf8");
        assertThat(BootstrapFiles.localeListed("sr_RS.UTF-8@latin")).isEqualTo("sr_RS.utf8@latin");
        assertThat(BootstrapFiles.localeListed("de_DE.utf8")).isEqualTo("de_DE.utf8");
    }

    @Test
    void sshdLetsInTheDeployUserOnlyWithKeysAndSaysWhatSshdTMustPrint() {
        BootstrapFiles files = new BootstrapFiles("deploy");
        assertThat(files.sshdDropIn()).contains("PermitRootLogin no\n", "PasswordAuthentication no\n",
                "KbdInteractiveAuthentication no\n", "AllowUsers deploy\n");
        assertThat(files.sshdEffective()).containsExactly("permitrootlogin no", "passwordauthentication no",
                "kbdinteractiveauthentication no", "pubkeyauthentication yes", "allowusers deploy");
        assertThat(files.sudoers()).endsWith("\ndeploy ALL=(root) NOPASSWD: SPEEDY_PUSH\n")
                .contains("Cmnd_Alias SPEEDY_PUSH = /usr/local/lib/speedy-push/helper, \\\n"
                        + "    /usr/bin/apt-cache, \\\n")
                .contains("/usr/sbin/runuser -u postgres -- *")
                .contains("/usr/bin/env LC_ALL\\=C DEBIAN_FRONTEND\\=noninteractive NEEDRESTART_SUSPEND\\=1 apt-get *")
                .doesNotContain("ALL\n").doesNotContainPattern("/(ba)?sh[ ,\\n]");
    }

    @Test
    void unattendedUpgradesReplacesDebiansOriginsWithTheSecurityOneOnly() {
        assertThat(BootstrapFiles.unattendedUpgrades()).contains("#clear Unattended-Upgrade::Origins-Pattern;")
                .contains("label=Debian-Security").doesNotContain("label=Debian\"");
        assertThat(BootstrapFiles.authorizedKeys(List.of("ssh-ed25519 AAAA push")))
                .endsWith("\nssh-ed25519 AAAA push\n");
    }
}
