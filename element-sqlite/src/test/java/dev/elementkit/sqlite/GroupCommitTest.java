package dev.elementkit.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.CacheUnavailableException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Group commit on a real SQLite file: a write held inside a batch makes the others queue behind it (latches, no
 * sleeps), so that they run together in the next batch.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GroupCommitTest {

    private static final int QUEUED = 6;

    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final CountDownLatch holding = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private SqliteBackend backend;
    private Future<Object> held;

    @BeforeEach
    void holdABatch() throws Exception {
        backend = SqliteBackend.open(new SqliteFile(dir.resolve("group.db"), Duration.ofSeconds(5), Duration.ofHours(1)));
        held = pool.submit(() -> backend.write(session -> {
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "held";
        }, "the held write"));
        holding.await();
    }

    @AfterEach
    void close() {
        release.countDown();
        backend.close();
        pool.shutdownNow();
    }

    /** Queues {@code writes} behind the held batch and returns once they all wait. */
    private List<Future<Object>> queueBehind(List<java.util.concurrent.Callable<Object>> writes) {
        List<Future<Object>> queued = new ArrayList<>();
        for (var write : writes) {
            queued.add(pool.submit(write));
        }
        while (backend.queuedWrites() < writes.size()) {
            Thread.onSpinWait();
        }
        return queued;
    }

    @Test
    void aWriteThatFailsInsideABatch_failsAlone_andEveryOtherWriteIsCommittedWithItsOwnResult() throws Exception {
        List<java.util.concurrent.Callable<Object>> writes = new ArrayList<>();
        for (int i = 0; i < QUEUED - 2; i++) {
            String key = "k" + i;
            writes.add(() -> {
                backend.set(key, "v-" + key, null);
                return "set";
            });
        }
        writes.add(() -> backend.write(session -> session.connection().prepareStatement(
                "INSERT INTO no_such_table VALUES (1)").executeUpdate(), "the bad write"));
        writes.add(() -> backend.incrBy("n", 5));
        List<Future<Object>> queued = queueBehind(writes);
        release.countDown();
        assertEquals("held", held.get());
        for (int i = 0; i < QUEUED - 2; i++) {
            assertEquals("set", queued.get(i).get());
            assertEquals("v-k" + i, backend.get("k" + i), "committed with the batch");
        }
        ExecutionException bad = assertThrows(ExecutionException.class, () -> queued.get(QUEUED - 2).get());
        CacheUnavailableException failure = (CacheUnavailableException) bad.getCause();
        assertFalse(failure.mayHaveBeenApplied());
        assertTrue(failure.getMessage().contains("the bad write") && failure.getMessage().contains("no_such_table"),
                failure.getMessage());
        assertEquals(5L, queued.get(QUEUED - 1).get(), "incr's own result");
        assertEquals(5L, backend.incrBy("n", 0));
    }

    @Test
    void writesQueuedWhenTheBackendCloses_failAsNotApplied_andTheHeldOneCompletes() throws Exception {
        List<java.util.concurrent.Callable<Object>> writes = new ArrayList<>();
        for (int i = 0; i < QUEUED; i++) {
            String key = "k" + i;
            writes.add(() -> {
                backend.set(key, "v", null);
                return "set";
            });
        }
        List<Future<Object>> queued = queueBehind(writes);
        Future<?> closing = pool.submit(backend::close);
        for (Future<Object> write : queued) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> write.get(10, TimeUnit.SECONDS));
            CacheUnavailableException failure = (CacheUnavailableException) e.getCause();
            assertFalse(failure.mayHaveBeenApplied());
            assertTrue(failure.getMessage().contains("closed") && failure.getMessage().contains("group.db"),
                    failure.getMessage());
        }
        release.countDown();
        assertEquals("held", held.get(10, TimeUnit.SECONDS));
        closing.get(10, TimeUnit.SECONDS);
    }
}
