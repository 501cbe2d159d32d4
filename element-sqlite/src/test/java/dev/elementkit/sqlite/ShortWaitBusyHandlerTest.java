package dev.elementkit.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The busy handler retries until the busy timeout has passed on its clock, counted from the wait's first try. */
class ShortWaitBusyHandlerTest {

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final ShortWaitBusyHandler handler = new ShortWaitBusyHandler(Duration.ofMillis(100), clock::get);

    @Test
    void retriesWithinTheTimeout_andGivesUpOnceItPassed() {
        assertEquals(1, handler.callback(0));
        clock.addAndGet(Duration.ofMillis(99).toNanos());
        assertEquals(1, handler.callback(20), "within the timeout: try again");
        clock.addAndGet(Duration.ofMillis(1).toNanos());
        assertEquals(0, handler.callback(21), "100 ms after the first try: give up (SQLITE_BUSY)");
    }

    @Test
    void eachWait_countsFromItsOwnFirstTry() {
        assertEquals(1, handler.callback(0));
        clock.addAndGet(Duration.ofMillis(150).toNanos());
        assertEquals(0, handler.callback(30));
        assertEquals(1, handler.callback(0), "a new wait (try 0) starts a new timeout");
    }
}
