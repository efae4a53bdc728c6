package com.speedy.jobs;

import java.sql.Connection;
import java.sql.SQLException;

/** One periodic job. {@link JobRunner} makes sure that only one host runs it at a time. */
public interface Job {
    /** The name on the command line and in logs, e.g. {@code trending}. */
    String name();

    /** The key of the PostgreSQL advisory lock that this job holds while it runs; fixed, and different per job. */
    long lockKey();

    /**
     * Does the work on a connection in autocommit mode, managing its own transactions.
     *
     * @return one line saying what was done, for the log
     */
    String run(Connection connection) throws SQLException, MissingSchemaException;
}
