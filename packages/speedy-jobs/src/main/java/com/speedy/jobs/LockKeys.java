package com.speedy.jobs;

/**
 * The advisory lock keys of the jobs. PostgreSQL has one key space per database, shared with Flyway's migration lock
 * and anything else: the high six bytes spell "speedy" in ASCII, the low two number the job. Never renumber a job:
 * during an upgrade, old and new versions must agree on its key.
 */
final class LockKeys {
    static final long TRENDING = 0x7370_6565_6479_0001L;
    static final long PURGE = 0x7370_6565_6479_0002L;

    private LockKeys() {}
}
