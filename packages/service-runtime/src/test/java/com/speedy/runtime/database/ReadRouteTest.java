package com.speedy.runtime.database;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.runtime.database.ReadRoute.ReplicaState;
import com.speedy.runtime.database.ReadRoute.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReadRouteTest {
    private static final Instant NOW = Instant.parse("2026-12-03T17:00:00Z");
    private static final Duration BOUND = Duration.ofSeconds(10);

    @Test
    void aStandbyReplayingWithinTheBoundServesReads() {
        assertThat(route(new ReplicaState(NOW.minusSeconds(1), true, Optional.of(Duration.ofSeconds(2)))))
                .isEqualTo(Target.READ_ONLY);
        assertThat(route(new ReplicaState(NOW.minusSeconds(1), true, Optional.of(BOUND))))
                .as("at the bound").isEqualTo(Target.READ_ONLY);
    }

    @Test
    void aStandbyThatStoppedReplayingIsLeftOnceItIsPastTheBound() {
        assertThat(route(new ReplicaState(NOW.minusSeconds(1), true, Optional.of(BOUND.plusMillis(1)))))
                .isEqualTo(Target.PRIMARY);
        assertThat(route(new ReplicaState(NOW.minusSeconds(1), true, Optional.empty())))
                .as("nothing replayed yet").isEqualTo(Target.PRIMARY);
    }

    @Test
    void aFailedOrOldCheckOrAServerNotInRecoverySendsReadsToThePrimary() {
        assertThat(ReadRoute.choose(Optional.empty(), NOW, BOUND)).isEqualTo(Target.PRIMARY);
        assertThat(route(new ReplicaState(NOW.minus(BOUND).minusSeconds(1), true, Optional.of(Duration.ZERO))))
                .as("the last check is older than the bound").isEqualTo(Target.PRIMARY);
        assertThat(route(new ReplicaState(NOW, false, Optional.empty())))
                .as("db-ro is a primary: perhaps an old one left running").isEqualTo(Target.PRIMARY);
    }

    private static Target route(ReplicaState state) {
        return ReadRoute.choose(Optional.of(state), NOW, BOUND);
    }
}
