package com.speedy.push.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.push.inventory.GroupName;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.HostName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RolloutRecordTest {
    @TempDir
    Path logs;

    @Test
    void eachSummaryIsAppendedAndTheLastRunsAreReadNewestFirstWithTheirStartAndEnd() throws Exception {
        Path first = logs.resolve("20261203-101500-upgrade");
        Path second = logs.resolve("20261203-111500-db-switchover");
        Instant started = LocalDateTime.of(2026, 12, 3, 11, 15).atZone(ZoneId.systemDefault()).toInstant();
        RolloutRecord.append(first, List.of(result("app1", HostResult.Outcome.CHANGED)), Instant.now());
        RolloutRecord.append(second, List.of(result("db1", HostResult.Outcome.OK)), started.plusSeconds(3));
        RolloutRecord.append(second, List.of(result("app1", HostResult.Outcome.FAILED)), started.plusSeconds(9));
        Files.createDirectories(logs.resolve("20261203-121500-upgrade")); // killed before its summary
        Files.createDirectories(logs.resolve("not-a-run"));

        List<RolloutRecord> runs = RolloutRecord.last(logs, 10);

        assertThat(runs).extracting(RolloutRecord::run)
                .containsExactly("20261203-111500-db-switchover", "20261203-101500-upgrade");
        RolloutRecord switchover = runs.get(0);
        assertThat(switchover.command()).isEqualTo("db-switchover");
        assertThat(switchover.started()).isEqualTo(started);
        assertThat(switchover.finished()).isEqualTo(started.plusSeconds(9));
        assertThat(switchover.hosts()).containsExactly(new RolloutRecord.Host("db1", "ok", "did db1", "db1.log"),
                new RolloutRecord.Host("app1", "failed", "did app1", "app1.log"));
        assertThat(RolloutRecord.last(logs, 1)).hasSize(1);
        assertThat(RolloutRecord.last(logs.resolve("nowhere"), 10)).isEmpty();
    }

    @Test
    void aRunFolderThatNewRunNamesIsReadBackWithItsCommandAndStart() throws Exception {
        LocalDateTime started = LocalDateTime.of(2026, 12, 4, 1, 2, 3);
        HostLogs run = RolloutRecord.newRun(logs, "db-alias-set", started);
        RolloutRecord.append(run.dir(), List.of(result("app1", HostResult.Outcome.OK)), Instant.now());

        assertThat(run.dir()).isEqualTo(logs.resolve("20261204-010203-db-alias-set"));
        assertThat(RolloutRecord.last(logs, 1)).singleElement().satisfies(r -> {
            assertThat(r.command()).isEqualTo("db-alias-set");
            assertThat(r.started()).isEqualTo(started.atZone(ZoneId.systemDefault()).toInstant());
        });
    }

    @Test
    void aLineCutByAKillKeepsTheWholeLinesBeforeIt() throws Exception {
        Path run = logs.resolve("20261203-101500-upgrade");
        RolloutRecord.append(run, List.of(result("app1", HostResult.Outcome.CHANGED)), Instant.now());
        Files.writeString(run.resolve(RolloutRecord.FILE), "{\"finished\":1,\"hos", StandardOpenOption.APPEND);

        assertThat(RolloutRecord.last(logs, 10)).singleElement()
                .satisfies(r -> assertThat(r.hosts()).extracting(RolloutRecord.Host::host).containsExactly("app1"));
    }

    private static HostResult result(String name, HostResult.Outcome outcome) throws Exception {
        Host host = new Host(HostName.parse(name), "10.0.0.1", 22, "deploy", List.of(GroupName.parse("app")),
                Optional.empty(), Optional.empty(), List.of());
        return new HostResult(host, outcome, "did " + name, List.of(), Path.of("/tmp/logs/" + name + ".log"));
    }
}
