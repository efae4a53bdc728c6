package com.speedy.push.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BarmanInfoTest {
    @Test
    void backupInfoLinesAreReadOldestFirstAndAnUnreadableOneIsKeptButNeverChosen() {
        List<RestoreJobs.BaseBackup> backups = BarmanInfo.backups(
                "20261202T071503|DONE|2|2026-12-02 07:15:09.483812+00:00|000000020000000000000007\n"
                + "20261201T010000|DONE|1|2026-12-01 01:00:41+00:00\n"
                + "20261202T090000|STARTED|2|None\n"
                + "garbage\n");

        assertThat(backups).extracting(RestoreJobs.BaseBackup::id)
                .containsExactly("20261201T010000", "20261202T071503", "20261202T090000", "garbage");
        assertThat(backups.get(1).end()).contains(Instant.parse("2026-12-02T07:15:09.483812Z"));
        assertThat(backups.get(1).timeline()).isEqualTo(2);
        assertThat(backups.get(1).beginWal()).isEqualTo("000000020000000000000007");
        assertThat(backups.get(0).beginWal()).as("not given").isEmpty();
        assertThat(backups.get(2).done()).as("no end time yet").isFalse();
        assertThat(backups.get(3).status()).isEqualTo("UNREADABLE");
    }

    @Test
    void theLatestRestoreTakesTheNewestCompleteBackupAndATimeTheNewestThatEndedBeforeIt() {
        List<RestoreJobs.BaseBackup> backups = BarmanInfo.backups(
                "20261201T010000|DONE|1|2026-12-01 01:00:41+00:00\n"
                + "20261202T010000|FAILED|1|2026-12-02 01:00:30+00:00\n"
                + "20261202T071503|DONE|2|2026-12-02 07:15:09+00:00\n");

        assertThat(BackupRestore.choose(backups, Optional.empty())).map(RestoreJobs.BaseBackup::id)
                .contains("20261202T071503");
        assertThat(BackupRestore.choose(backups, Optional.of(Instant.parse("2026-12-02T07:00:00Z"))))
                .as("the failed one is never chosen").map(RestoreJobs.BaseBackup::id).contains("20261201T010000");
        assertThat(BackupRestore.choose(backups, Optional.of(Instant.parse("2026-12-01T00:00:00Z")))).isEmpty();
    }

    @Test
    void aTargetTimeIsWrittenAsBarmanAndPostgreSqlReadItInUtc() {
        assertThat(BarmanInfo.format(Instant.parse("2026-12-02T07:30:00.25Z")))
                .isEqualTo("2026-12-02 07:30:00.25+00:00");
        assertThat(BarmanInfo.time(BarmanInfo.format(Instant.parse("2026-12-02T07:30:00Z"))))
                .contains(Instant.parse("2026-12-02T07:30:00Z"));
    }
}
