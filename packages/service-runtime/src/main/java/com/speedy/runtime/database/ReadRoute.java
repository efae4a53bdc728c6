package com.speedy.runtime.database;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where a read-only query goes: to {@code db-ro} while the server there is a standby whose replay is at most
 * {@code maxLag} behind, else to the primary ({@code db}). Fail-closed: a check that failed, or one older than the
 * bound, sends reads to the primary; so does a {@code db-ro} that is not in recovery, since it may be an old primary
 * left running after a failover (when no standby streams, push points {@code db-ro} at the primary anyway).
 * The lag is the age of the last transaction replayed; the primary never idles long, since every service writes a
 * heartbeat there each second.
 */
public final class ReadRoute {
    /** Where reads go. */
    public enum Target {
        READ_ONLY, PRIMARY
    }

    /**
     * What {@code db-ro} said of itself in one check.
     *
     * @param replayAge how long ago the last replayed transaction committed on the primary; empty before any replay
     */
    public record ReplicaState(Instant checkedAt, boolean inRecovery, Optional<Duration> replayAge) {}

    private ReadRoute() {}

    /** The target for a read now, from the last check of {@code db-ro} (empty: the last check failed). */
    public static Target choose(Optional<ReplicaState> last, Instant now, Duration maxLag) {
        if (last.isEmpty()) {
            return Target.PRIMARY;
        }
        ReplicaState state = last.get();
        if (Duration.between(state.checkedAt(), now).compareTo(maxLag) > 0 || !state.inRecovery()) {
            return Target.PRIMARY;
        }
        return state.replayAge().filter(age -> age.compareTo(maxLag) <= 0).isPresent()
                ? Target.READ_ONLY : Target.PRIMARY;
    }
}
