package com.speedy.repo.publish;

/**
 * Told before each file operation of a write (pool copy, generation file, switch, retirement). Production passes
 * {@link #NONE}; the crash tests pass one that halts the JVM at the k-th step, so that every step gets killed.
 */
@FunctionalInterface
interface WriteSteps {
    WriteSteps NONE = (phase, step) -> { };

    /** Where in a write a step falls. */
    enum Phase {
        /** .deb files copied into pool/ (temporary file, fsync, rename). */
        POOL,
        /** the new generation of dists/SUITE built beside the live one (links, index files, Release files). */
        GENERATION,
        /** the suite's symlink moved to the new generation: the one step that makes it live. */
        SWITCH,
        /** the previous generation removed, once the new one is live. */
        RETIRE,
        /** a suite that is still a plain folder turned into a generation behind a symlink (once). */
        CONVERT
    }

    void before(Phase phase, String step);
}
