package com.speedy.push.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.push.apt.Candidates;
import com.speedy.push.apt.Installed;
import com.speedy.push.inventory.Host;
import com.speedy.push.inventory.HostName;
import com.speedy.push.inventory.PackageSpec;
import com.speedy.debian.Suite;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Planning from what dpkg has and what apt offers, before anything changes. */
class HostPlanTest {
    private static final String INSTALLED = "speedy-app\t1.0.0-1\tii \nspeedy-jobs\t1.0.0-1\trc \n";
    private static final String POLICY = """
            speedy-app:
              Installed: 1.0.0-1
              Candidate: 1.1.0-1
              Version table:
            speedy-jobs:
              Installed: (none)
              Candidate: 1.1.0-1
            speedy-notifier:
              Installed: (none)
              Candidate: (none)
            """;

    @Test
    void eachPackageGoesToItsPinnedVersionOrTheNewestInTheSuite() throws Exception {
        HostPlan plan = HostPlan.of(host(), List.of(PackageSpec.parse("speedy-app"), PackageSpec.parse("speedy-jobs"),
                PackageSpec.parse("speedy-notifier=0.9-1")), Installed.parse(INSTALLED), Candidates.parse(POLICY));

        assertThat(plan.changes()).containsExactly(
                new Change("speedy-app", Optional.of("1.0.0-1"), "1.1.0-1"),
                new Change("speedy-jobs", Optional.empty(), "1.1.0-1"),
                new Change("speedy-notifier", Optional.empty(), "0.9-1"));
        assertThat(plan.changes()).extracting(Change::kind)
                .containsExactly(Change.Kind.UPGRADE, Change.Kind.INSTALL, Change.Kind.INSTALL);
        assertThat(plan.problems()).isEmpty();
    }

    @Test
    void aPackageNoSourceOffersIsAProblemThatNamesTheSuiteAndTheFix() throws Exception {
        HostPlan plan = HostPlan.of(host(), List.of(PackageSpec.parse("speedy-notifier")), Installed.parse(INSTALLED),
                Candidates.parse(POLICY));

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.problems()).singleElement().asString()
                .contains("speedy-notifier is not in suite dev", "push apt-source host1");
    }

    @Test
    void versionsCompareAsDpkgDoesAndTheSameVersionIsKept() {
        assertThat(new Change("a", Optional.of("1.0.0~SNAPSHOT1-1"), "1.0.0-1").kind()).isEqualTo(Change.Kind.UPGRADE);
        assertThat(new Change("a", Optional.of("1.10-1"), "1.9-1").kind()).isEqualTo(Change.Kind.DOWNGRADE);
        assertThat(new Change("a", Optional.of("1.0-1"), "1.0-1").kind()).isEqualTo(Change.Kind.KEEP);
        assertThat(new Change("a", Optional.of("1.0-1"), "1.1-1").aptTarget()).isEqualTo("a=1.1-1");
    }

    private static Host host() throws Exception {
        return new Host(HostName.parse("host1"), "10.213.7.11", 22, "root", List.of(), Optional.empty(),
                Optional.of(Suite.parse("dev")), List.of());
    }
}
