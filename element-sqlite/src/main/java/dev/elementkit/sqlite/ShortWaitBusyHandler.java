package dev.elementkit.sqlite;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.sqlite.BusyHandler;

/**
 * What a connection does while another process holds the file's write lock: retry after a short wait, until the busy
 * timeout has passed. SQLite's own busy timeout sleeps 1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50 and then 100 ms
 * between tries, so a writer of a second process can sleep 100 ms past a lock that is held for microseconds at a
 * time: those sleeps were the 120–250 ms maxima of two processes writing one file. Here the first tries only yield
 * the processor, then waits grow from {@link #FIRST_PARK} to {@link #LONGEST_PARK}.
 *
 * <p>One per connection: SQLite calls it from the thread running the statement, and a wait starts at try 0.
 */
final class ShortWaitBusyHandler extends BusyHandler {

    private static final int YIELDING_TRIES = 8;
    private static final long FIRST_PARK = TimeUnit.MICROSECONDS.toNanos(50);
    private static final long LONGEST_PARK = TimeUnit.MICROSECONDS.toNanos(500);

    private final long timeoutNanos;
    private final LongSupplier nanoClock;
    private long waitStarted;

    /** @param nanoClock {@code System::nanoTime}, or a test's clock */
    ShortWaitBusyHandler(Duration timeout, LongSupplier nanoClock) {
        this.timeoutNanos = timeout.toNanos();
        this.nanoClock = nanoClock;
    }

    /** @return 1 to try again, 0 to give up (the statement fails with SQLITE_BUSY) */
    @Override
    protected int callback(int tries) {
        long now = nanoClock.getAsLong();
        if (tries == 0) {
            waitStarted = now;
        }
        long waited = now - waitStarted;
        if (waited >= timeoutNanos) {
            return 0;
        }
        if (tries < YIELDING_TRIES) {
            Thread.yield();
        } else {
            long park = Math.min(LONGEST_PARK, FIRST_PARK << Math.min(16, tries - YIELDING_TRIES));
            LockSupport.parkNanos(Math.min(park, timeoutNanos - waited));
        }
        return 1;
    }
}
