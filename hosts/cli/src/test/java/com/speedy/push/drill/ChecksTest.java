package com.speedy.push.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.push.drill.Sampler.Role;
import com.speedy.push.drill.Sampler.Sample;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChecksTest {
    private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");
    private static final Map<String, String> ADDRESSES = Map.of("db1", "10.0.0.1", "db2", "10.0.0.2");
    private static final Map<String, String> SPEEDY = Map.of("16388", "1234");

    private final Checks checks = new Checks(Plan.of(7, 0, List.of(Operation.SWITCHOVER)), "4. promoting db2", "");
    private final List<Sample> samples = new ArrayList<>();

    @Test
    void twoHostsPrimaryInOverlappingSamplesWhileDbPointsAtOneAreASplitBrain() {
        db("db1", 0, Role.PRIMARY, 250, Role.PRIMARY, 500, Role.PRIMARY);
        db("db2", 100, Role.STANDBY, 300, Role.PRIMARY, 550, Role.PRIMARY);
        app("app1", 0, "10.0.0.1");

        List<Violation> found = checks.twoPrimaries(samples, T0, T0.plusSeconds(5), ADDRESSES, List.of("app1"));

        assertThat(found).singleElement().satisfies(v -> {
            assertThat(v.invariant()).isEqualTo(Violation.Invariant.TWO_WRITABLE_PRIMARIES);
            assertThat(v.detail()).contains("db1 and db2", "app1 -> 10.0.0.1");
        });
    }

    @Test
    void aHandOverWhereTheOldPrimaryStopsBeforeThePromotionIsNoSplitBrain() {
        db("db1", 0, Role.PRIMARY, 250, Role.PRIMARY, 500, Role.DOWN, 750, Role.DOWN);
        db("db2", 100, Role.STANDBY, 600, Role.PRIMARY, 850, Role.PRIMARY);
        app("app1", 0, "10.0.0.2");

        assertThat(checks.twoPrimaries(samples, T0, T0.plusSeconds(5), ADDRESSES, List.of("app1"))).isEmpty();
    }

    @Test
    void aPrimarySeenOnceOrAcrossAGapInItsSamplesCountsForNoTimeAtAll() {
        db("db1", 0, Role.PRIMARY, 3_000, Role.PRIMARY);
        db("db2", 1_000, Role.PRIMARY, 1_250, Role.PRIMARY);
        app("app1", 0, "10.0.0.1");

        assertThat(checks.twoPrimaries(samples, T0, T0.plusSeconds(5), ADDRESSES, List.of("app1"))).isEmpty();
    }

    @Test
    void aDatabaseDirectoryWithANewInodeInTwoSamplesInARowWasEmptiedAndClonedAgain() {
        sample("db2", 0, Role.STANDBY, SPEEDY);
        sample("db2", 250, Role.DOWN, Map.of());
        sample("db2", 500, Role.DOWN, Map.of());
        sample("db2", 750, Role.STANDBY, Map.of("16388", "9999"));

        List<Violation> found = checks.dataDirectories(Map.of("db2", SPEEDY, "db1", Map.of()), samples, T0,
                T0.plusSeconds(5));

        assertThat(found).singleElement().satisfies(v -> {
            assertThat(v.invariant()).isEqualTo(Violation.Invariant.DATA_DIRECTORY_EMPTIED);
            assertThat(v.detail()).startsWith("db2 held databases {16388=1234}");
        });
    }

    @Test
    void aHostUnreachableOrOneOddSampleOrAHostThatHeldNoDatabaseIsNoFinding() {
        sample("db2", 0, Role.STANDBY, SPEEDY);
        sample("db2", 250, Role.UNREACHABLE, Map.of());
        sample("db2", 500, Role.UNREACHABLE, Map.of());
        sample("db2", 750, Role.DOWN, Map.of());
        sample("db2", 1_000, Role.STANDBY, SPEEDY);
        sample("db1", 0, Role.DOWN, Map.of());
        sample("db1", 250, Role.PRIMARY, Map.of("16388", "5"));

        assertThat(checks.dataDirectories(Map.of("db2", SPEEDY, "db1", Map.of()), samples, T0, T0.plusSeconds(5)))
                .isEmpty();
    }

    private void db(String host, Object... millisAndRoles) {
        for (int i = 0; i < millisAndRoles.length; i += 2) {
            sample(host, (Integer) millisAndRoles[i], (Role) millisAndRoles[i + 1], SPEEDY);
        }
    }

    private void app(String host, int millis, String db) {
        samples.add(new Sample(host, T0.plusMillis(millis), Role.APP, Map.of(), db));
    }

    private void sample(String host, int millis, Role role, Map<String, String> databases) {
        samples.add(new Sample(host, T0.plusMillis(millis), role, databases, "10.0.0.1"));
        samples.sort(java.util.Comparator.comparing(Sample::at));
    }
}
