package com.speedy.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** Which errors a request is held for: only those that say nothing took effect because the database could not serve. */
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
}
