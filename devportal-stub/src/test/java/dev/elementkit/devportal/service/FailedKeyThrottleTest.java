package dev.elementkit.devportal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The throttle on a hand-turned clock (Caffeine's Ticker): no test waits for time to pass. */
class FailedKeyThrottleTest {

    private final AtomicLong nanos = new AtomicLong();
    private final FailedKeyThrottle throttle = new FailedKeyThrottle(3, Duration.ofSeconds(60), nanos::get);

    @Test
    void aClientIsHeldBackAfterTooManyWrongKeys() {
        throttle.failed("10.0.0.1");
        throttle.failed("10.0.0.1");
        assertEquals(0, throttle.retryAfterSeconds("10.0.0.1"));
        throttle.failed("10.0.0.1");
        assertEquals(60, throttle.retryAfterSeconds("10.0.0.1"));
        assertEquals(0, throttle.retryAfterSeconds("10.0.0.2"), "other clients are not affected");
    }

    @Test
    void theHoldEndsAWindowAfterTheLastFailure() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("10.0.0.1");
        }
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(59));
        assertEquals(60, throttle.retryAfterSeconds("10.0.0.1"));
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(2));
        assertEquals(0, throttle.retryAfterSeconds("10.0.0.1"));
    }

    @Test
    void slowFailuresNeverAddUp() {
        for (int i = 0; i < 10; i++) {
            throttle.failed("10.0.0.1");
            nanos.addAndGet(TimeUnit.SECONDS.toNanos(61));
        }
        assertEquals(0, throttle.retryAfterSeconds("10.0.0.1"));
    }
}
