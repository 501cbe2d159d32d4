package dev.elementkit.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Waiting in the fault tests, which watch counters that worker threads drive. */
final class Waiting {

    private Waiting() {
    }

    /** Returns once {@code counter} reaches {@code value}; fails when it has not {@code within} that time. */
    static void awaitAtLeast(AtomicLong counter, long value, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (counter.get() < value) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the counter stayed at " + counter.get() + ", expected " + value);
            }
            Thread.sleep(5);
        }
    }

    /** A worker's back-off after a failed call; an interrupt ends it early and stays set. */
    static void backOff(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
