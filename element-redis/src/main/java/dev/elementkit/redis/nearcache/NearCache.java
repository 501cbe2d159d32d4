package dev.elementkit.redis.nearcache;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.elementkit.cache.spi.CacheBackend;

/**
 * A cache backend that answers repeated reads from local memory and sends everything else to Redis. Coherence
 * comes from the server: the reads go over a {@link TrackedConnection}, and the connection's owner reports each
 * invalidation ({@link #invalidated}), each flush ({@link #flushed}) and each loss of the connection
 * ({@link #trackingLost}). After a loss nothing is served locally until tracking is on again on the new connection.
 *
 * <p>Owns {@code network}: {@link #close()} closes it.
 */
public interface NearCache extends CacheBackend {

    /**
     * A near cache in front of {@code network}, whose reads of single keys go through {@code connection}.
     *
     * @param ticker the clock for entries' expiry and for retrying to turn tracking on
     */
    static NearCache over(CacheBackend network, TrackedConnection connection, NearCacheSettings settings,
                          Ticker ticker) {
        return new TrackingNearCache(network, connection, new LocalEntries(settings, ticker), ticker);
    }

    /** The server says {@code key} changed (or expired, or was evicted from its tracking table). */
    void invalidated(String key);

    /** The server says the database was flushed: every key changed, tracking stays on. */
    void flushed();

    /**
     * The connection broke, failed over or reconnected: the server no longer tracks what this connection read.
     * Empties the near cache and serves nothing locally until tracking is on again.
     */
    void trackingLost(String reason);
}
