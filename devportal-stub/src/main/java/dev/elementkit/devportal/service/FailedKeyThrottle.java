package dev.elementkit.devportal.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Slows down a client that keeps presenting wrong API keys: after {@code maxFailures} wrong keys, each within
 * {@code window} of the one before, the client's requests are refused with 429 until {@code window} has passed
 * without a new failure. Keys are 256-bit random, so this is not what keeps them safe; it keeps a guessing client
 * from costing the server a hash per request and makes it visible.
 *
 * <p>Caffeine holds the counters: bounded in size (a flood of addresses evicts, never exhausts memory) and expiring
 * on a {@link Ticker} that tests replace instead of waiting.
 */
final class FailedKeyThrottle {

    static final int DEFAULT_MAX_FAILURES = 10;
    static final Duration DEFAULT_WINDOW = Duration.ofMinutes(1);
    private static final long MAX_CLIENTS = 100_000;

    private final int maxFailures;
    private final Duration window;
    private final Cache<String, AtomicInteger> failures;

    FailedKeyThrottle(int maxFailures, Duration window, Ticker ticker) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.failures = Caffeine.newBuilder().expireAfterWrite(window).maximumSize(MAX_CLIENTS).ticker(ticker).build();
    }

    static FailedKeyThrottle standard() {
        return new FailedKeyThrottle(DEFAULT_MAX_FAILURES, DEFAULT_WINDOW, Ticker.systemTicker());
    }

    /** Seconds {@code client} must wait before its next try; 0 when it may try now. */
    long retryAfterSeconds(String client) {
        AtomicInteger count = failures.getIfPresent(client);
        return count != null && count.get() >= maxFailures ? Math.max(1, window.toSeconds()) : 0;
    }

    /** Counts a wrong key from {@code client}; each failure restarts its window. */
    void failed(String client) {
        failures.asMap().compute(client, (c, count) -> {
            AtomicInteger next = count == null ? new AtomicInteger() : count;
            next.incrementAndGet();
            return next;
        });
    }
}
