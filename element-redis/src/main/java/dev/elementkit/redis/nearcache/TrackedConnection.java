package dev.elementkit.redis.nearcache;

/**
 * What a near cache needs from the connection its reads go to: a connection on which the server tracks the keys
 * read ({@code CLIENT TRACKING}) and sends an invalidation when one of them changes. The connection's owner feeds
 * those invalidations, and the loss of the connection, to {@link NearCache}.
 */
public interface TrackedConnection extends AutoCloseable {

    /**
     * Turns tracking on for the connection as it is now ({@code CLIENT TRACKING ON}); a reconnected connection has
     * it off again, which is why the near cache calls this after every {@link NearCache#trackingLost}.
     *
     * @throws RuntimeException when the server refuses or cannot be reached
     */
    void enableTracking();

    /**
     * The key's value and its time to live, read in one round trip ({@code GET} and {@code PTTL}, pipelined).
     *
     * @throws dev.elementkit.cache.CacheUnavailableException when the server cannot be reached
     */
    Fetched fetch(String key);

    /** Stops what the connection runs for the near cache (not the connection itself, which the backend owns). */
    @Override
    void close();

    /**
     * @param value     the value, or null when the key is missing
     * @param ttlMillis as {@code PTTL}: milliseconds left, -1 without expiry, -2 when missing
     */
    record Fetched(String value, long ttlMillis) {
    }
}
