package com.speedy.repo.publish;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs one job per input on threads made for the call, and gives the results in the order of the inputs. */
final class Parallel {
    /** Hashing and compressing: one thread a core. */
    static final int CPU = Runtime.getRuntime().availableProcessors();
    /**
     * Copying into the pool and renaming waits on the filesystem, not on a core: more files in flight than cores
     * (10,000 small files: about twice as fast as one thread a core).
     */
    static final int IO = Math.max(16, CPU);

    @FunctionalInterface
    interface Job<I, O> {
        O run(I input) throws IOException, PublishException;
    }

    private Parallel() {}

    /** The first failure, in the order of the inputs, is thrown; jobs not yet started then never start. */
    static <I, O> List<O> map(int threads, List<I> inputs, Job<I, O> job) throws IOException, PublishException {
        if (inputs.size() <= 1) {
            List<O> results = new ArrayList<>(inputs.size());
            for (I input : inputs) {
                results.add(job.run(input));
            }
            return results;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, inputs.size()));
        try {
            List<Future<O>> futures = new ArrayList<>(inputs.size());
            for (I input : inputs) {
                futures.add(pool.submit(() -> job.run(input)));
            }
            List<O> results = new ArrayList<>(inputs.size());
            for (Future<O> future : futures) {
                results.add(future.get());
            }
            return results;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof PublishException refused) {
                throw refused;
            }
            if (e.getCause() instanceof RuntimeException unchecked) {
                throw unchecked;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted", e);
        } finally {
            pool.shutdownNow();
            // No job may still be writing once map returns or throws: the caller may clean up after a failure.
            awaitQuietly(pool);
        }
    }

    private static void awaitQuietly(ExecutorService pool) {
        try {
            pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
