package com.speedy.jobs;

import com.speedy.runtime.database.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Runs a job on one host at a time. The job holds a session-level PostgreSQL advisory lock while it runs: a runner on
 * another host finds it taken and skips. If the host dies mid-run, its session ends and the lock goes with it.
 */
public final class JobRunner {
    /** What became of one run. */
    public enum Result {
        /** This runner took the lock and ran the job. */
        RAN,
        /** Another runner held the job's lock; nothing was done. */
        SKIPPED
    }

    private final Database database;
    private final JobConsole console;

    public JobRunner(Database database, JobConsole console) {
        this.database = database;
        this.console = console;
    }

    public Result run(Job job) throws SQLException, MissingSchemaException {
        try (Connection connection = database.connection()) {
            if (!lock(connection, "pg_try_advisory_lock", job)) {
                console.info(job.name() + ": skipped: another host is running it");
                return Result.SKIPPED;
            }
            long started = System.nanoTime();
            String summary;
            try {
                summary = job.run(connection);
            } catch (SQLException | MissingSchemaException | RuntimeException e) {
                try {
                    release(connection, job);
                } catch (SQLException releaseFailed) {
                    e.addSuppressed(releaseFailed);
                }
                throw e;
            }
            release(connection, job);
            console.info(job.name() + ": " + summary + " (" + (System.nanoTime() - started) / 1_000_000 + " ms)");
            return Result.RAN;
        }
    }

    /** Unlocks, first ending any transaction the job left open (an aborted transaction refuses every statement). */
    private void release(Connection connection, Job job) throws SQLException {
        if (!connection.getAutoCommit()) {
            connection.rollback();
            connection.setAutoCommit(true);
        }
        if (!lock(connection, "pg_advisory_unlock", job)) {
            // Not fatal: the lock would go with the session anyway. Worth a line, because it means a bug here.
            console.info(job.name() + ": the lock was not held at the end of the run");
        }
    }

    private static boolean lock(Connection connection, String function, Job job) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("SELECT " + function + "(?)")) {
            s.setLong(1, job.lockKey());
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getBoolean(1);
            }
        }
    }
}
