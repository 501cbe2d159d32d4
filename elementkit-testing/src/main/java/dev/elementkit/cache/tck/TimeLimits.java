package dev.elementkit.cache.tck;

import java.time.Duration;

/**
 * Wall-clock limits that tests assert. Such tests carry {@code @Tag(TimeLimits.TAG)}, so that they can be left out
 * ({@code -DexcludedGroups=timing}) or given more time on a slow or loaded machine
 * ({@code -Delementkit.timing.multiplier=3}); every limit goes through {@link #scaled(Duration)}.
 *
 * @since 1.0.0
 */
public final class TimeLimits {

    /** The JUnit tag of tests that assert wall-clock limits. */
    public static final String TAG = "timing";

    /** The system property that multiplies every limit (default 1). */
    public static final String MULTIPLIER_PROPERTY = "elementkit.timing.multiplier";

    private TimeLimits() {
    }

    /** {@code limit} times the multiplier. */
    public static Duration scaled(Duration limit) {
        return Duration.ofNanos((long) (limit.toNanos() * multiplier()));
    }

    /** The multiplier: at least 1. */
    public static double multiplier() {
        String text = System.getProperty(MULTIPLIER_PROPERTY, "1");
        try {
            return Math.max(1, Double.parseDouble(text.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + MULTIPLIER_PROPERTY + "=" + text + " is not a number, e.g. 3");
        }
    }
}
