package com.speedy.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.speedy.runtime.database.Database;
import com.speedy.runtime.database.SchemaMigration;
import com.speedy.runtime.database.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Several app hosts starting at once against one empty database: each migration runs exactly once. */
class SchemaMigrationConcurrencyTest {
    private static final int HOSTS = 4;

    @Test
    void concurrentStartsApplyEachMigrationOnce() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            List<Database> pools = new ArrayList<>();
            ExecutorService threads = Executors.newFixedThreadPool(HOSTS);
            try {
                CyclicBarrier together = new CyclicBarrier(HOSTS);
                List<Future<Integer>> applied = new ArrayList<>();
                for (int i = 0; i < HOSTS; i++) {
                    Database pool = Database.open(db.settings(), "migration-test-" + i);
                    pools.add(pool);
                    Callable<Integer> start = () -> {
                        together.await();
                        return new SchemaMigration(pool.dataSource(), "speedy-app").migrate();
                    };
                    applied.add(threads.submit(start));
                }
                int total = 0;
                for (Future<Integer> f : applied) {
                    total += f.get();
                }
                assertThat(total).as("V1 and V2, each by one host").isEqualTo(2);
            } finally {
                threads.shutdownNow();
                pools.forEach(Database::close);
            }
            try (Connection c = db.connect(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT count(*) FROM speedy_app_schema_history WHERE success AND version = '1'")) {
                r.next();
                assertThat(r.getInt(1)).isEqualTo(1);
            }
        }
    }
}
