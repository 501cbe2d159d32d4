package dev.elementkit.cache;

import java.time.Duration;

/**
 * How the cache waits (for a lock, for another process's loader): a clock and a sleep, injected so that tests can
 * let time pass without sleeping (Caffeine's {@code Ticker} pattern).
 */
interface Waiter {

    /** The real clock and {@link Thread#sleep}. */
    Waiter SYSTEM = new Waiter() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration pause) throws InterruptedException {
            Thread.sleep(pause.toMillis());
        }
    };

    /** A monotonic time in nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Lets {@code pause} pass. */
    void sleep(Duration pause) throws InterruptedException;
}
