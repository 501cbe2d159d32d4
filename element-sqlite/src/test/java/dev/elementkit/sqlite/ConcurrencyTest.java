package dev.elementkit.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.tck.Instances;
import dev.elementkit.platform.element.ElementContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many threads on one element: exact counters, readers never see a torn or missing value, no busy failures. */
class ConcurrencyTest {

    @TempDir
    Path appRoot;

    @Test
    void manyThreads_writingAndReading_stayConsistent() throws Exception {
        int threads = 24;
        int perThread = 300;
        Cache cache = new SqliteCacheType().create(new ElementContext("conc", appRoot, "caches.Conc"),
                new SqliteConfig("conc.db", 10_000, 1));
        try {
            cache.set("stable", "value-that-never-changes");
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        switch (id % 3) {
                            case 0 -> cache.incr("counter");
                            case 1 -> {
                                cache.set("t" + id + ":" + i, "v" + i, 60);
                                cache.incr("counter");
                            }
                            default -> {
                                assertEquals("value-that-never-changes", cache.get("stable"));
                                cache.incr("counter");
                            }
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(2, TimeUnit.MINUTES);
            }
            pool.shutdown();
            assertEquals((long) threads * perThread, cache.getNumeric("counter"));
            assertEquals(8 * perThread, cache.keys("t*").size());
            assertTrue(SqliteBackend.MAX_READERS >= 2);
        } finally {
            Instances.close(cache);
        }
    }
}
