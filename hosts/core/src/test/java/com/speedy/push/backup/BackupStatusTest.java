package com.speedy.push.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.HostName;
import com.speedy.push.inventory.InvalidNameException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackupStatusTest {
    private static final String HEALTHY = String.join("\n",
            "now=1796190000",
            "backup=20261202T071503|DONE|1|2026-12-02 07:15:09+00:00|000000010000000000000005",
            "wal=000000010000000000000005",
            "wal=000000010000000000000006",
            "check=PostgreSQL: OK",
            "check=minimum redundancy requirements: FAILED (have 1 backups, expected at least 4)",
            "check=receive-wal running: OK",
            "partial=000000010000000000000007.partial|1796189990",
            "lag=streaming|0|0.001",
            "barman_bytes=31457280",
            "dump_bytes=0",
            "free_bytes=1073741824",
            "drill=1796180000|passed",
            "end", "");

    @Test
    void aStreamingHostWithAFreshBackupIsHealthyAndTooFewBackupsIsNotAProblem() {
        BackupStatus status = BackupStatus.parse(backup1(), HEALTHY);

        assertThat(status.problems()).isEmpty();
        assertThat(status.lastBackup()).map(RestoreJobs.BaseBackup::id).contains("20261202T071503");
        assertThat(status.walLag().state()).isEqualTo("streaming");
        assertThat(status.partialWal()).contains("000000010000000000000007.partial");
        assertThat(status.lastWalWrite()).contains(Instant.ofEpochSecond(1796189990));
        assertThat(status.barmanBytes()).isEqualTo(31457280);
        assertThat(status.lastDrill()).contains(Instant.ofEpochSecond(1796180000));
        assertThat(status.drillPassed()).isTrue();
    }

    @Test
    void aWalFileMissingAfterTheOldestBackupIsAProblemNamingTheFiles() {
        BackupStatus status = BackupStatus.parse(backup1(), HEALTHY.replace("wal=000000010000000000000006",
                "wal=000000010000000000000008"));

        assertThat(status.walGaps()).containsExactly("000000010000000000000006..000000010000000000000007 (2 files)");
        assertThat(status.problems()).singleElement().asString().startsWith("WAL missing from Barman's archive:"
                + " 000000010000000000000006..");
    }

    @Test
    void aLagThatCouldNotBeAskedNoStreamAnOldBackupAndAFailedCheckAreEachAProblem() {
        String broken = HEALTHY.replace("lag=streaming|0|0.001", "lag_error=psql: error: connection refused")
                .replace("now=1796190000", "now=1796400000")
                .replace("check=receive-wal running: OK", "check=receive-wal running: FAILED (See the log)")
                .replace("drill=1796180000|passed", "drill=1796180000|FAILED");

        BackupStatus status = BackupStatus.parse(backup1(), broken);

        assertThat(status.problems()).hasSize(4).anyMatch(p -> p.startsWith("WAL lag unknown"))
                .anyMatch(p -> p.startsWith("the last drill, 61 h ago, FAILED"))
                .anyMatch(p -> p.contains("is 56 h old")).anyMatch(p -> p.contains("receive-wal running: FAILED"));
        assertThat(BackupStatus.parse(backup1(), HEALTHY.replace("lag=streaming|0|0.001",
                "lag=")).problems()).singleElement().asString().contains("receives no WAL");
        assertThat(BackupStatus.parse(backup1(), HEALTHY.replace(
                "backup=20261202T071503|DONE|1|2026-12-02 07:15:09+00:00|000000010000000000000005\n", ""))
                .problems())
                .singleElement().asString().startsWith("no complete base backup");
    }

    @Test
    void theOffSiteCopyIsAProblemWhenItsSendOrCheckFailedOrAnItemWaitsOverAnHour() {
        String offSite = HEALTHY.replace("end\n", "offsite=2|0|1796189950\noffsite_send=1796189990|ok|sent 3"
                + " queued item(s)\noffsite_check=1796180000|ok|base backup 20261202T071503, 4 WAL file(s)\nend\n");

        BackupStatus healthy = BackupStatus.parse(backup1(), offSite);
        BackupStatus failedSend = BackupStatus.parse(backup1(), offSite.replace("1796189990|ok|sent 3 queued item(s)",
                "1796189990|FAILED|cannot reach bucket b at http://s3:9000").replace("|1796189950", "|1796180000"));
        BackupStatus damaged = BackupStatus.parse(backup1(), offSite.replace("1796180000|ok|base backup"
                + " 20261202T071503, 4 WAL file(s)", "1796180000|FAILED|b/wal/000000010000000000000006.age does not"
                + " match the SHA-256 recorded when it was sent"));
        BackupStatus stale = BackupStatus.parse(backup1(), offSite.replace("offsite_check=1796180000",
                "offsite_check=1796000000"));

        assertThat(healthy.problems()).isEmpty();
        assertThat(healthy.offSite()).hasValueSatisfying(copy -> {
            assertThat(copy.queuedWal()).isEqualTo(2);
            assertThat(copy.oldestQueued()).contains(Instant.ofEpochSecond(1796189950));
            assertThat(copy.lastCheck()).map(BackupStatus.Run::text).contains("base backup 20261202T071503, 4 WAL"
                    + " file(s)");
        });
        assertThat(failedSend.problems()).hasSize(2)
                .anyMatch(p -> p.startsWith("the off-site copy's last send, 0 min ago, FAILED: cannot reach bucket b"))
                .anyMatch(p -> p.equals("2 item(s) wait to go off-site, the oldest for 166 min"));
        assertThat(damaged.problems()).singleElement().asString().startsWith("the off-site copy FAILED its check 2 h"
                + " ago: b/wal/000000010000000000000006.age does not match");
        assertThat(stale.problems()).singleElement().asString().startsWith("the off-site copy was last checked 52 h"
                + " ago");
        assertThat(BackupStatus.parse(backup1(), HEALTHY).offSite()).isEmpty();
    }

    private static Host backup1() {
        try {
            return new Host(HostName.parse("backup1"), "10.0.0.9", 22, "root", List.of(), Optional.empty(),
                    Optional.empty(), List.of());
        } catch (InvalidNameException e) {
            throw new AssertionError(e);
        }
    }
}
