package com.speedy.push.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.push.sudo.RootScript;
import org.junit.jupiter.api.Test;

class FirewallRollbackTest {
    @Test
    void theRollbackScriptNamesTheUnitAndTheRulesFileThatTheJobStopsAndWrites() {
        assertThat(RootScript.ARM_FIREWALL_ROLLBACK.text()).contains("--unit=" + FirewallJob.ROLLBACK_UNIT + " ",
                " -f " + FirewallJob.RESTORE);
    }
}
