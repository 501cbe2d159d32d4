package dev.elementkit.cache.memory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A clock that moves only when told: time-dependent behaviour tested without sleeping. */
public final class ManualClock implements LongSupplier {

    private final AtomicLong millis = new AtomicLong(1_700_000_000_000L);

    @Override
    public long getAsLong() {
        return millis.get();
    }

    /** Moves the clock forward. */
    public void advance(Duration time) {
        millis.addAndGet(time.toMillis());
    }
}
