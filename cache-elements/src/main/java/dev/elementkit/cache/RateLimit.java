package dev.elementkit.cache;

import java.time.Duration;

/**
 * The answer of {@link Cache#rateLimit}: whether this request may go ahead, how many more the window admits, and
 * how long a refused caller should wait before the next request can be admitted.
 *
 * @param allowed    true when this request was admitted (and counted)
 * @param limit      the limit the call was made with
 * @param remaining  how many more requests the current window admits after this one (0 when refused)
 * @param retryAfter zero when admitted; otherwise the time until the oldest counted request leaves the window
 * @since 1.1.0
 */
public record RateLimit(boolean allowed, long limit, long remaining, Duration retryAfter) {
}
