package com.speedy.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.speedy.runtime.database.Database;
import com.speedy.runtime.database.DatabaseMonitor;
import com.speedy.runtime.database.SchemaMigration;
import com.speedy.runtime.database.TestDatabase;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Which errors a request is held for (only those that say nothing took effect because the database could not serve),
 * and how many are held at once.
 */
class DatabaseHoldTest {
    @Test
    void holdsForNoConnectionALostOneAServerShuttingDownOrStartingAndAReadOnlyServer() {
        assertThat(DatabaseHold.unavailable(new SQLTransientConnectionException("pool timed out"))).isTrue();
        for (String state : new String[] {"08001", "08006", "57P01", "57P02", "57P03", "25006"}) {
            assertThat(DatabaseHold.unavailable(new SQLException("x", state))).as(state).isTrue();
        }
    }

    @Test
    void neverHoldsForACommitWhoseOutcomeIsUnknownOrAnyOtherError() {
        SQLException lost = new SQLException("connection lost", "08006");
        assertThat(DatabaseHold.unavailable(new PostStore.CommitUnknown(7, lost))).isFalse();
        for (String state : new String[] {"23505", "42P01", "57014", "40001"}) {
            assertThat(DatabaseHold.unavailable(new SQLException("x", state))).as(state).isFalse();
        }
        assertThat(DatabaseHold.unavailable(new SQLException("no state"))).isFalse();
    }

    @Test
    void atMostMaxHeldRequestsWaitForTheBoundAndTheNextGetsItsErrorAtOnce() throws Exception {
        SQLException readOnly = new SQLException("cannot execute INSERT in a read-only transaction", "25006");
        DatabaseHold.Work<String> refused = () -> {
            throw readOnly;
        };
        Duration bound = Duration.ofSeconds(2);
        try (TestDatabase db = TestDatabase.create(); Database database = Database.open(db.settings(), "hold-test");
             DatabaseMonitor monitor = new DatabaseMonitor(database, new SchemaMigration(database.dataSource(),
                     "speedy-app"), Duration.ofMinutes(1))) {
            DatabaseHold hold = new DatabaseHold(monitor, bound, 1, System::nanoTime);
            CompletableFuture<Long> first = CompletableFuture.supplyAsync(() -> millisUntilThrown(hold, refused));
            Thread.sleep(bound.toMillis() / 4);

            long second = millisUntilThrown(hold, refused);

            assertThat(second).as("the second, while the first is held").isLessThan(bound.toMillis() / 4);
            assertThat(first.get(bound.toSeconds() + 5, TimeUnit.SECONDS)).as("the first, held for the bound")
                    .isGreaterThanOrEqualTo(bound.toMillis());
            assertThat(millisUntilThrown(hold, refused)).as("held again once the first let go")
                    .isGreaterThanOrEqualTo(bound.toMillis());
            assertThatThrownBy(() -> hold.write(refused)).isSameAs(readOnly);
        }
    }

    private static long millisUntilThrown(DatabaseHold hold, DatabaseHold.Work<String> work) {
        long start = System.nanoTime();
        try {
            hold.write(work);
        } catch (SQLException e) {
            return (System.nanoTime() - start) / 1_000_000;
        }
        throw new AssertionError("the work ran through");
    }
}
