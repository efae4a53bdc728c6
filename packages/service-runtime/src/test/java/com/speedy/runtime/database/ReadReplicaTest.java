package com.speedy.runtime.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Against the real PostgreSQL of bin/setup, which is a primary: the fail-closed paths (the standby's are in ITs). */
class ReadReplicaTest {
    @Test
    void aReadOnlyHostThatIsAPrimaryOrDoesNotAnswerSendsReadsToThePrimary() throws Exception {
        try (TestDatabase db = TestDatabase.create();
             Database primary = Database.open(db.settings(), "read-replica-test");
             Database sameServer = Database.open(db.settings(), "read-replica-test-ro");
             Database nowhere = Database.open(new DatabaseSettings("127.0.0.1", 1, db.name(), TestDatabase.USER,
                     TestDatabase.PASSWORD, 2, Duration.ofSeconds(1), Duration.ofSeconds(5)), "read-replica-none")) {
            assertThat(sameServer.replicaState(Clock.systemUTC())).hasValueSatisfying(state -> {
                assertThat(state.inRecovery()).isFalse();
                assertThat(state.replayAge()).as("a primary replays nothing").isEmpty();
            });
            assertThat(nowhere.replicaState(Clock.systemUTC())).isEmpty();

            try (ReadReplica toPrimary = new ReadReplica(primary, sameServer, Duration.ofSeconds(10),
                    Duration.ofHours(1), Clock.systemUTC());
                 ReadReplica toNowhere = new ReadReplica(primary, nowhere, Duration.ofSeconds(10),
                    Duration.ofHours(1), Clock.systemUTC())) {
                toPrimary.check();
                toNowhere.check();
                assertThat(toPrimary.forReads()).isSameAs(primary);
                assertThat(toNowhere.forReads()).isSameAs(primary);
            }
        }
    }
}
