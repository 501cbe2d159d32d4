package dev.elementkit.sqlite;

import dev.elementkit.cache.CacheUnavailableException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit: the writes of every thread of this process to one file, run in batches by one of the waiting
 * callers at a time (the oldest, "leader"), as LevelDB and RocksDB do. A caller queues its write and waits; the
 * caller at the head of the queue takes up to {@link #MAX_BATCH} queued writes, hands them to the {@link Runner}
 * (which runs them in one transaction and commits) and then releases every caller of the batch with its own
 * outcome. A caller is therefore released only after the commit that holds its write, and a lone caller runs its
 * own write at once, on its own thread, with no hand-off to another thread.
 *
 * <p>Why a waiting caller and not a writer thread: a writer thread costs every write two thread switches (to it and
 * back), which on a loaded machine is more than the write itself; a leader switches only the callers that waited.
 *
 * <p>Thread-safe. {@link #close()} fails the writes still queued and no batch is started afterwards.
 */
final class WriteQueue {

    /** Enough to share one commit among all threads that can wait here; bounds how long one batch holds the file. */
    static final int MAX_BATCH = 128;

    /**
     * How many batches a leader runs in a row while writes keep arriving. Handing over to the next caller costs a
     * thread wake-up during which no write runs, so a leader goes on; the bound keeps its own return from waiting
     * long behind others' writes.
     */
    static final int LEADER_ROUNDS = 4;

    /** Rounds of {@link Thread#onSpinWait()} a waiting caller spends before it parks: a few microseconds. */
    static final int SPINS = 200;

    /** Runs a batch and gives every write of it an outcome ({@link QueuedWrite#succeed}/{@link QueuedWrite#fail}). */
    @FunctionalInterface
    interface Runner {
        void run(List<QueuedWrite<?>> batch);
    }

    private final ReentrantLock lock = new ReentrantLock();
    /** Writes waiting to run, in arrival order. Guarded by {@link #lock}. */
    private final ArrayDeque<QueuedWrite<?>> queue = new ArrayDeque<>();
    private final Runner runner;
    private final String file;
    private final int spins;
    /** A caller is running batches. Guarded by {@link #lock}. */
    private boolean leading;
    /** Guarded by {@link #lock}. */
    private boolean closed;

    /** @param file named in the failure of writes that were queued when the queue was closed */
    WriteQueue(Runner runner, String file) {
        this(runner, file, SPINS);
    }

    /** @param spins rounds of spinning before a waiting caller parks (tests use 0 to park at once) */
    WriteQueue(Runner runner, String file, int spins) {
        this.runner = runner;
        this.file = file;
        this.spins = spins;
    }

    /**
     * Queues {@code write}, waits until a commit holds it (running it and the others queued if no caller is running
     * writes at the moment) and returns its result or throws its failure.
     *
     * @throws CacheUnavailableException (not applied) when the queue is closed before the write ran, or the caller
     *                                   is interrupted while the write is still waiting to run
     */
    <T> T submit(QueuedWrite<T> write) {
        lock.lock();
        try {
            if (closed) {
                throw closedFailure(write);
            }
            queue.addLast(write);
            boolean interrupted = false;
            while (!write.done) {
                if (!leading) {
                    lead();
                    continue;
                }
                spinWhileRunning(write);
                if (write.done || !leading) {
                    continue; // done or the leader left meanwhile, and their wake-up found nobody waiting
                }
                if (write.wakeUp == null) {
                    write.wakeUp = lock.newCondition(); // only for a caller that parks: a lone one never does
                }
                try {
                    write.wakeUp.await();
                } catch (InterruptedException e) {
                    if (queue.remove(write)) {
                        Thread.currentThread().interrupt();
                        throw CacheUnavailableException.notSent("interrupted while waiting to write "
                                + write.subject() + " to " + file, e);
                    }
                    interrupted = true; // it runs now: leaving would lose whether it was committed
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        } finally {
            lock.unlock();
        }
        return write.outcome();
    }

    /** How many writes wait to run (not those of a running batch). */
    int waiting() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Fails every write still waiting to run and refuses new ones; a batch already running completes and its
     * callers get their outcome.
     */
    void close() {
        lock.lock();
        try {
            closed = true;
            QueuedWrite<?> write;
            while ((write = queue.pollFirst()) != null) {
                write.fail(closedFailure(write));
                write.done = true;
                wake(write);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs batches of the queued writes, up to {@link #LEADER_ROUNDS} while more keep arriving, releasing the callers
     * of each batch after it; then wakes a waiting caller to lead the rest, if any. With {@link #lock} held (released
     * while a batch runs, so that others can queue).
     */
    private void lead() {
        leading = true;
        try {
            for (int round = 0; round < LEADER_ROUNDS && !queue.isEmpty() && !closed; round++) {
                List<QueuedWrite<?>> batch = new ArrayList<>(Math.min(queue.size(), MAX_BATCH));
                while (batch.size() < MAX_BATCH && !queue.isEmpty()) {
                    batch.add(queue.pollFirst());
                }
                lock.unlock();
                try {
                    runner.run(batch);
                } finally {
                    lock.lock();
                    release(batch);
                }
            }
        } finally {
            leading = false;
            QueuedWrite<?> next = queue.peekFirst();
            if (next != null) {
                wake(next);
            }
        }
    }

    /**
     * Waits a few microseconds (a batch's time) for the write to be done, without the lock and without parking: a
     * parked thread is woken only when the scheduler gets round to it, which on a busy machine takes milliseconds,
     * far more than the batch it waited for. Leaves the lock held, as found; the caller looks at the state again.
     */
    private void spinWhileRunning(QueuedWrite<?> write) {
        lock.unlock();
        try {
            for (int i = 0; i < spins && !write.done; i++) {
                Thread.onSpinWait();
            }
        } finally {
            lock.lock();
        }
    }

    private static void release(List<QueuedWrite<?>> batch) {
        for (QueuedWrite<?> write : batch) {
            if (!write.hasOutcome()) {
                write.fail(new IllegalStateException("the batch runner gave no outcome to " + write.subject()));
            }
            write.done = true;
            wake(write);
        }
    }

    /** With {@link #lock} held. A caller that has not parked (yet) looks at the state again before it does. */
    private static void wake(QueuedWrite<?> write) {
        if (write.wakeUp != null) {
            write.wakeUp.signal();
        }
    }

    private CacheUnavailableException closedFailure(QueuedWrite<?> write) {
        return CacheUnavailableException.notSent("the SQLite cache on " + file + " was closed before "
                + write.subject() + " was written; it was not applied", null);
    }
}
