package com.speedy.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.speedy.jobs.JobRunner.Result;
import com.speedy.runtime.database.Database;
import com.speedy.runtime.database.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two hosts, each with its own connection pool, on one real database: the advisory lock lets one run a job. */
class JobRunnerTest {
    private static TestDatabase db;

    private Database hostA;
    private Database hostB;
    private final List<String> logA = new CopyOnWriteArrayList<>();
    private final List<String> logB = new CopyOnWriteArrayList<>();
    private ExecutorService threads;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() throws Exception {
        db.close();
    }

    @BeforeEach
    void openPools() {
        hostA = Database.open(db.settings(), "host-a");
        hostB = Database.open(db.settings(), "host-b");
        threads = Executors.newSingleThreadExecutor();
    }

    @AfterEach
    void closePools() {
        threads.shutdownNow();
        hostA.close();
        hostB.close();
    }

    @Test
    void aSecondRunnerSkipsAJobThatAnotherHostIsRunningAndRunsItAfterwards() throws Exception {
        BlockingJob onA = new BlockingJob("trending", LockKeys.TRENDING);
        CountingJob onB = new CountingJob("trending", LockKeys.TRENDING);

        Future<Result> a = threads.submit(() -> new JobRunner(hostA, logA::add).run(onA));
        assertThat(onA.started.await(10, TimeUnit.SECONDS)).as("job on host A started").isTrue();

        assertThat(new JobRunner(hostB, logB::add).run(onB)).isEqualTo(Result.SKIPPED);
        assertThat(onB.runs).isZero();
        assertThat(logB).containsExactly("trending: skipped: another host is running it");

        onA.release.countDown();
        assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo(Result.RAN);
        assertThat(logA).singleElement().asString().startsWith("trending: blocked until released (");

        assertThat(new JobRunner(hostB, logB::add).run(onB)).isEqualTo(Result.RAN);
        assertThat(onB.runs).isEqualTo(1);
    }

    @Test
    void differentJobsDoNotBlockEachOther() throws Exception {
        BlockingJob trending = new BlockingJob("trending", LockKeys.TRENDING);
        CountingJob purge = new CountingJob("purge", LockKeys.PURGE);

        Future<Result> a = threads.submit(() -> new JobRunner(hostA, logA::add).run(trending));
        assertThat(trending.started.await(10, TimeUnit.SECONDS)).isTrue();
        try {
            assertThat(new JobRunner(hostB, logB::add).run(purge)).isEqualTo(Result.RAN);
            assertThat(purge.runs).isEqualTo(1);
        } finally {
            trending.release.countDown();
        }
        assertThat(a.get(10, TimeUnit.SECONDS)).isEqualTo(Result.RAN);
    }

    @Test
    void aFailedJobReleasesItsLock() throws Exception {
        Job failing = new TestJob("trending", LockKeys.TRENDING) {
            @Override
            public String run(Connection connection) throws SQLException {
                connection.setAutoCommit(false);
                try (Statement s = connection.createStatement()) {
                    s.execute("SELECT 1 / 0");
                }
                return "unreachable";
            }
        };
        JobRunner runnerA = new JobRunner(hostA, logA::add);
        assertThatThrownBy(() -> runnerA.run(failing))
                .hasMessageContaining("division by zero");

        CountingJob onB = new CountingJob("trending", LockKeys.TRENDING);
        assertThat(new JobRunner(hostB, logB::add).run(onB)).isEqualTo(Result.RAN);
        assertThat(runnerA.run(new CountingJob("trending", LockKeys.TRENDING))).isEqualTo(Result.RAN);
    }

    /** A test job with a name and a lock key; subclasses say what running it does. */
    private abstract static class TestJob implements Job {
        private final String name;
        private final long key;

        TestJob(String name, long key) {
            this.name = name;
            this.key = key;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public long lockKey() {
            return key;
        }
    }

    /** A job that holds its lock until the test lets it finish. */
    private static final class BlockingJob extends TestJob {
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        BlockingJob(String name, long key) {
            super(name, key);
        }

        @Override
        public String run(Connection connection) throws SQLException {
            started.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return "blocked until released";
        }
    }

    private static final class CountingJob extends TestJob {
        volatile int runs;

        CountingJob(String name, long key) {
            super(name, key);
        }

        @Override
        public String run(Connection connection) {
            runs++;
            return "counted";
        }
    }
}
