package dev.elementkit.cache.spi;

import dev.elementkit.cache.RateLimit;
import java.time.Duration;
import java.util.Arrays;

/**
 * The rate limiter's one definition for backends that keep the log as a stored value (SQLite, databases,
 * Memcached with CAS, in-memory): a sliding-window log of the admission times, in milliseconds, stored as
 * space-separated decimal text. A backend reads the stored text, calls {@link #decide}, and writes
 * {@link Decision#stored()} back in the same atomic step (transaction, CAS, lock). Redis does the same inside a Lua
 * script on a sorted set.
 *
 * <p>Exact: a request is admitted only when fewer than {@code limit} admissions lie in {@code (now - window, now]},
 * so no window of that length ever holds more than {@code limit} admissions.
 *
 * @since 1.1.0
 */
public final class SlidingWindowLog {

    /** What to store back ({@code null} when nothing is left to keep) and the caller's answer. */
    public record Decision(String stored, RateLimit result) {
    }

    private SlidingWindowLog() {
    }

    /**
     * @param stored      the stored log, or null when the key is missing
     * @param nowMillis   the current time in milliseconds
     * @param limit       admissions per window, at least 1
     * @param window      the window, at least 1 ms
     */
    public static Decision decide(String stored, long nowMillis, long limit, Duration window) {
        long windowMillis = window.toMillis();
        long[] times = parse(stored);
        long horizon = nowMillis - windowMillis;
        int first = 0;
        while (first < times.length && times[first] <= horizon) {
            first++;
        }
        long[] live = Arrays.copyOfRange(times, first, times.length);
        if (live.length < limit) {
            long[] kept = Arrays.copyOf(live, live.length + 1);
            kept[live.length] = Math.max(nowMillis, live.length == 0 ? nowMillis : live[live.length - 1]);
            return new Decision(format(kept), new RateLimit(true, limit, limit - kept.length, Duration.ZERO));
        }
        // The oldest admissions that must leave before one more fits: live.length - limit + 1 of them.
        long leaves = live[(int) (live.length - limit)] + windowMillis;
        Duration retryAfter = Duration.ofMillis(Math.max(1, leaves - nowMillis + 1));
        return new Decision(format(live), new RateLimit(false, limit, 0, retryAfter));
    }

    private static long[] parse(String stored) {
        if (stored == null || stored.isBlank()) {
            return new long[0];
        }
        String[] parts = stored.trim().split(" ");
        long[] times = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            times[i] = Long.parseLong(parts[i]);
        }
        return times;
    }

    private static String format(long[] times) {
        if (times.length == 0) {
            return null;
        }
        StringBuilder text = new StringBuilder(times.length * 14);
        for (long time : times) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(time);
        }
        return text.toString();
    }
}
