package com.speedy.push.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.HostName;
import com.speedy.push.rollout.HostResult;
import com.speedy.push.sudo.RootScript;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The command a failed rejoin names, and speedy-app's login check as push runs it on an app host. */
class RejoinAdviceTest {
    @Test
    void aFailedRejoinNamesTheCommandAtTheEndOfItsDetailAndASuccessNamesNone() throws Exception {
        Host db1 = new Host(HostName.parse("db1"), "10.0.0.1", 22, "root", List.of(), Optional.empty(),
                Optional.empty(), List.of());

        assertThat(PairJobs.nextCommand(new HostResult(db1, HostResult.Outcome.FAILED, "pg_rewind from 10.0.0.2 failed"
                + " (exit 1): could not connect; db1 is left fenced (start.conf manual) and stopped, its data directory"
                + " untouched; fix the cause, then next: push db rejoin db1", List.of(), Path.of("db1.log"))))
                .contains("push db rejoin db1");
        assertThat(PairJobs.nextCommand(new HostResult(db1, HostResult.Outcome.FAILED, "rewound, but it did not start"
                + " as a standby; db1 is left fenced (start.conf manual) and stopped, its rewind kept"
                + " (/var/lib/postgresql/15/main.push-rejoin-rewound); next: push db rejoin db1", List.of(),
                Path.of("db1.log")))).contains("push db rejoin db1");
        assertThat(PairJobs.nextCommand(new HostResult(db1, HostResult.Outcome.FAILED, "rewound, but it did not start"
                + " as a standby; db1 is left fenced (start.conf manual) and stopped, and starting it again did not"
                + " help; next: push db replica db1 --from db2 --discard-data", List.of(), Path.of("db1.log"))))
                .contains("push db replica db1 --from db2 --discard-data");
        assertThat(PairJobs.nextCommand(new HostResult(db1, HostResult.Outcome.CHANGED, "standby of 10.0.0.2",
                List.of(), Path.of("db1.log")))).isEmpty();
    }

    @Test
    void theLoginCheckIsSpeedyAppsOwnClassWithItsConffileBoundedByTimeout() {
        assertThat(AppHostJobs.checkDb("10.0.0.2")).isEqualTo(RootScript.CHECK_DB.argv("30", "10.0.0.2",
                "/etc/speedy/speedy-app.conf"));
        assertThat(RootScript.CHECK_DB.text()).isEqualTo("exec timeout \"$1\" java -cp"
                + " '/usr/share/speedy-app/speedy-app.jar:/usr/share/speedy-app/lib/*' com.speedy.app.CheckDb"
                + " \"$2\" \"$3\"");
    }
}
