package com.speedy.testbed;

import java.util.Map;

/**
 * psql's environment for the real PostgreSQL server that {@code bin/setup} installs (SPEEDY_TEST_PGHOST /
 * SPEEDY_TEST_PGPORT, default localhost:5432, role speedy_test). It is a primary without standbys: the standby side
 * and lag with a streaming standby are left to the testbed.
 */
public final class LocalPostgres {
    private LocalPostgres() {
    }

    /** PGHOST, PGPORT, PGUSER, PGPASSWORD and PGDATABASE (postgres) for psql, pg_dump and the like. */
    public static Map<String, String> env() {
        return Map.of(
                "PGHOST", System.getenv().getOrDefault("SPEEDY_TEST_PGHOST", "localhost"),
                "PGPORT", System.getenv().getOrDefault("SPEEDY_TEST_PGPORT", "5432"),
                "PGUSER", "speedy_test",
                "PGPASSWORD", "speedy_test",
                "PGDATABASE", "postgres");
    }
}
