package com.speedy.push.apt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AptLockHolderTest {
    private static final String GAVE_UP = "E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process"
            + " 2710 (python3)\nE: Unable to acquire the dpkg frontend lock (/var/lib/dpkg/lock-frontend), is another"
            + " process using it?\n";

    @Test
    void theHolderIsTheLastWaitLineElseAptsOwnError() {
        String waited = "Reading package lists...\rWaiting for cache lock: Could not get lock"
                + " /var/lib/dpkg/lock-frontend. It is held by process 2709 (python3)... 1s\n";
        assertThat(AptOutput.lockHolderAtTimeout(waited, GAVE_UP)).contains("process 2709 (python3)");
        // apt printed no wait line (a busy host, a short timeout): its error still names the holder.
        assertThat(AptOutput.lockHolderAtTimeout("Reading package lists...\n", GAVE_UP))
                .contains("process 2710 (python3)");
        assertThat(AptOutput.lockHolderAtTimeout("", "E: Unable to acquire the dpkg frontend lock\n")).isEmpty();
    }
}
