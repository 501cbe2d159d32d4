package dev.elementkit.redis.nearcache;

/**
 * The bounds of one near cache: both hold at once (see {@link LocalEntries}).
 *
 * @param maxEntries the most entries kept
 * @param maxBytes   the most bytes kept, counting keys and values as Java strings plus a fixed overhead per entry
 */
public record NearCacheSettings(long maxEntries, long maxBytes) {

    /** What an element gets when it only turns the near cache on. */
    public static final long DEFAULT_MAX_ENTRIES = 10_000;
    public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

    public NearCacheSettings {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1, was " + maxEntries);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, was " + maxBytes);
        }
    }
}
