package com.speedy.push.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.push.sudo.RootScript;
import org.junit.jupiter.api.Test;

class BackupProbeScriptTest {
    @Test
    void theProbeScriptRunsTheOffSiteToolThatThePackageInstalls() {
        assertThat(RootScript.PROBE_OFFSITE.text()).contains(" exec " + BackupFiles.OFFSITE + " probe");
    }
}
