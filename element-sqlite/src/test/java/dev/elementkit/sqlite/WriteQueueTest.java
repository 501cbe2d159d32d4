package dev.elementkit.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.CacheUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The group-commit queue without SQLite: a runner that records its batches. Latches, not sleeps, decide who waits.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WriteQueueTest {

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    /** A write whose work returns {@code value}; the queue's runner here never touches a session. */
    private static QueuedWrite<Integer> write(int value) {
        return new QueuedWrite<>(session -> value, "write " + value, true);
    }

    /** Runs every write and commits: each gets its own result. */
    private static void runAll(List<QueuedWrite<?>> batch) {
        for (QueuedWrite<?> write : batch) {
            try {
                write.run(null);
                write.succeed();
            } catch (java.sql.SQLException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void aLoneWrite_runsOnItsCallersThread_atOnce() {
        Thread caller = Thread.currentThread();
        List<Thread> runners = new ArrayList<>();
        WriteQueue queue = new WriteQueue(batch -> {
            runners.add(Thread.currentThread());
            runAll(batch);
        }, "test.db");
        assertEquals(7, queue.submit(write(7)));
        assertEquals(List.of(caller), runners);
    }

    /**
     * A queue whose first batch (write 0) runs only once {@link #finishFirst} is counted down, with writes 1..n queued
     * behind it meanwhile.
     */
    private final class HeldFirstBatch {
        final CountDownLatch finishFirst = new CountDownLatch(1);
        final List<Integer> batchSizes = new CopyOnWriteArrayList<>();
        final WriteQueue queue;
        final Future<Integer> first;
        final List<Future<Integer>> queued = new ArrayList<>();

        HeldFirstBatch(WriteQueue.Runner runner, int behind) throws InterruptedException {
            CountDownLatch firstRunning = new CountDownLatch(1);
            queue = new WriteQueue(batch -> {
                batchSizes.add(batch.size());
                if (batchSizes.size() == 1) {
                    firstRunning.countDown();
                    await(finishFirst);
                }
                runner.run(batch);
            }, "test.db");
            first = pool.submit(() -> queue.submit(write(0)));
            firstRunning.await();
            for (int i = 1; i <= behind; i++) {
                int value = i;
                queued.add(pool.submit(() -> queue.submit(write(value))));
            }
            while (queue.waiting() < behind) {
                Thread.onSpinWait();
            }
        }
    }

    /** Writes queued while a batch runs go into one later batch, and each caller gets its own result. */
    @Test
    void writesQueuedWhileABatchRuns_shareTheNextBatch_andEachCallerGetsItsOwnResult() throws Exception {
        HeldFirstBatch held = new HeldFirstBatch(WriteQueueTest::runAll, 5);
        held.finishFirst.countDown();
        assertEquals(0, held.first.get());
        for (int i = 1; i <= 5; i++) {
            assertEquals(i, held.queued.get(i - 1).get());
        }
        assertEquals(List.of(1, 5), held.batchSizes);
    }

    /** The runner fails one write of a batch: that caller alone gets the failure. */
    @Test
    void aWriteThatFails_failsOnlyItsOwnCaller() throws Exception {
        HeldFirstBatch held = new HeldFirstBatch(batch -> {
            for (QueuedWrite<?> write : batch) {
                if (write.subject().equals("write 3")) {
                    write.fail(new IllegalArgumentException("bad value in write 3"));
                } else {
                    runAll(List.of(write));
                }
            }
        }, 5);
        held.finishFirst.countDown();
        assertEquals(0, held.first.get());
        for (int i = 1; i <= 5; i++) {
            Future<Integer> result = held.queued.get(i - 1);
            if (i == 3) {
                ExecutionException e = assertThrows(ExecutionException.class, result::get);
                assertEquals("bad value in write 3", e.getCause().getMessage());
            } else {
                assertEquals(i, result.get());
            }
        }
    }

    /** Closing fails the writes still waiting, as not applied, and lets the running batch finish. */
    @Test
    void close_failsTheWaitingWrites_asNotApplied_andTheRunningBatchCompletes() throws Exception {
        HeldFirstBatch held = new HeldFirstBatch(WriteQueueTest::runAll, 3);
        held.queue.close();
        for (Future<Integer> write : held.queued) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> write.get(10, TimeUnit.SECONDS));
            CacheUnavailableException failure = (CacheUnavailableException) e.getCause();
            assertFalse(failure.mayHaveBeenApplied());
            assertTrue(failure.getMessage().contains("test.db") && failure.getMessage().contains("closed"),
                    failure.getMessage());
        }
        held.finishFirst.countDown();
        assertEquals(0, held.first.get(10, TimeUnit.SECONDS));
        assertThrows(CacheUnavailableException.class, () -> held.queue.submit(write(9)));
        assertEquals(List.of(1), held.batchSizes, "no batch starts after close");
    }

    /**
     * Many threads, many rounds: every write runs exactly once and its caller returns. Regression: a caller that
     * stopped spinning just as its batch was released, and judged "not done" from before it took the lock back,
     * parked for ever (seen as a hang of the 8-thread benchmark within seconds).
     */
    @ParameterizedTest(name = "spins {0}")
    @ValueSource(ints = {0, WriteQueue.SPINS})
    void manyThreads_everyWriteRunsOnce_andEveryCallerReturns(int spins) throws Exception {
        int threads = 8;
        int perThread = 20_000;
        AtomicInteger ran = new AtomicInteger();
        AtomicInteger batches = new AtomicInteger();
        WriteQueue queue = new WriteQueue(batch -> {
            batches.incrementAndGet();
            ran.addAndGet(batch.size());
            runAll(batch);
            for (int i = 0; i < 50; i++) {
                Thread.onSpinWait(); // a batch takes a little while, as a commit does
            }
        }, "test.db", spins);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> callers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            callers.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    assertEquals(base + i, queue.submit(write(base + i)));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> caller : callers) {
            caller.get(50, TimeUnit.SECONDS);
        }
        assertEquals(threads * perThread, ran.get());
        assertTrue(batches.get() <= ran.get());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
