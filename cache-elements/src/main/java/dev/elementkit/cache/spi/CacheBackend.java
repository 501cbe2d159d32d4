package dev.elementkit.cache.spi;

import dev.elementkit.cache.RateLimit;
import dev.elementkit.cache.glob.GlobPattern;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a cache plugin implements: plain operations on full keys (already prefixed with {@code {appId}:}) and text
 * values. Argument checks, prefixing, value encoding and the meaning of each {@code Cache} method live once, in
 * cache-elements; a backend only stores and fetches.
 *
 * <p>Implementations are thread-safe and fail with {@link dev.elementkit.cache.CacheUnavailableException} when the
 * server cannot be reached, and {@link dev.elementkit.cache.CacheValueException} when {@link #incrBy} meets a value
 * that is not a whole number (changing nothing).
 *
 * <p><b>Lifecycle.</b> A backend is opened for an element through {@code CacheElements.newCache}, either leased from
 * a {@link SharedResources} (connections, closed with the last lease) or, for a store
 * with nothing to connect, handed over plainly and never closed by the cache. Either way the stored data outlives
 * {@link #close()}: the cache's {@code disconnect()} closes or releases the backend and opens it again on the next
 * call, and must find the data still there.
 *
 * <p><b>Atomic calls.</b> The cache idioms (add, get-and-delete, counters with expiry, locks, rate limits, clear)
 * rest on the calls below, each one atomic on the server, so that two processes on the same backend can never
 * interleave inside one. Their defaults raise {@link UnsupportedOperationException} naming the backend and the
 * call, so a plugin built before a call existed keeps loading and fails only where the call is used; every
 * backend shipped with the project implements them all, and the cache contract (TCK) proves it.
 *
 * @since 1.0.0
 */
public interface CacheBackend extends AutoCloseable, BackendGauges {

    /** The value, or null when missing or expired. */
    String get(String key);

    /** Stores the value; {@code ttl} null means no expiry, and either way any earlier TTL is replaced. */
    void set(String key, String value, Duration ttl);

    /** Atomically adds {@code amount}, counting a missing key as 0, keeping the key's TTL; the new value. */
    long incrBy(String key, long amount);

    /** Sets the TTL of an existing key; false when the key is missing. */
    boolean expire(String key, Duration ttl);

    /** Milliseconds left, -1 when the key never expires, -2 when it is missing. */
    long ttlMillis(String key);

    /** True when the key exists and has not expired. */
    boolean exists(String key);

    /** Deletes; true when the key existed (and had not expired). */
    boolean delete(String key);

    /**
     * Every live full key matching {@code pattern}. The pattern already starts with the escaped app prefix; use
     * {@link GlobPattern#serverPattern()} or {@link GlobPattern#literalPrefix()} to narrow the server-side search
     * and {@link GlobPattern#matches} to decide.
     */
    List<String> keys(GlobPattern pattern);

    /** True when the server answers; never throws. */
    boolean ping();

    /**
     * Stores the value only when the key is missing or expired; true when this call stored it. Atomic: of many
     * concurrent callers for one key, exactly one gets true.
     *
     * @since 1.1.0
     */
    default boolean add(String key, String value, Duration ttl) {
        throw unsupported("add");
    }

    /**
     * Returns the value and deletes the key in one atomic step; null when missing or expired. Of many concurrent
     * callers for one key, exactly one gets the value.
     *
     * @since 1.1.0
     */
    default String getAndDelete(String key) {
        throw unsupported("getAndDelete");
    }

    /**
     * As {@link #incrBy(String, long)}, and when this call creates the key it gets {@code ttlIfCreated} in the same
     * atomic step (a counter is never left without its expiry); an existing key keeps its TTL. A null
     * {@code ttlIfCreated} is {@link #incrBy(String, long)}.
     *
     * @since 1.1.0
     */
    default long incrBy(String key, long amount, Duration ttlIfCreated) {
        if (ttlIfCreated == null) {
            return incrBy(key, amount);
        }
        throw unsupported("incrBy with a TTL");
    }

    /**
     * Deletes the key only when its current value equals {@code expected}; true when deleted. Atomic (locks release
     * with it, so an owner whose lease ran out never deletes the next owner's lock).
     *
     * @since 1.1.0
     */
    default boolean deleteIfEquals(String key, String expected) {
        throw unsupported("deleteIfEquals");
    }

    /**
     * Sets a new TTL only when the key's current value equals {@code expected}; true when set. Atomic (locks extend
     * their lease with it).
     *
     * @since 1.1.0
     */
    default boolean expireIfEquals(String key, String expected, Duration ttl) {
        throw unsupported("expireIfEquals");
    }

    /**
     * Deletes every key that starts with {@code prefix} (an app's {@code {appId}:}) and no other; the number
     * deleted. Never empties the whole server or database: other apps and keys of other programs stay.
     *
     * @since 1.1.0
     */
    default long deleteByPrefix(String prefix) {
        throw unsupported("deleteByPrefix");
    }

    /**
     * Counts one request against {@code key}: admitted only when fewer than {@code limit} requests were admitted in
     * the sliding {@code window} ending now, decided atomically on the server. Backends that keep the log as a value
     * use {@link SlidingWindowLog}.
     *
     * @since 1.1.0
     */
    default RateLimit rateLimit(String key, long limit, Duration window) {
        throw unsupported("rateLimit");
    }

    /** Values of many keys; a backend with a batch command overrides this. */
    default Map<String, String> getAll(Collection<String> keys) {
        Map<String, String> found = new LinkedHashMap<>();
        for (String key : keys) {
            String value = get(key);
            if (value != null) {
                found.put(key, value);
            }
        }
        return found;
    }

    /** Stores many values; a backend with a batch command overrides this. */
    default void setAll(Map<String, String> entries, Duration ttl) {
        entries.forEach((key, value) -> set(key, value, ttl));
    }

    /**
     * Why the backend cannot serve now, as far as it knows without a round trip (a client reconnecting, the last
     * call failing on an unusable file), or empty. The host shows the element as unavailable with this reason.
     * Never does I/O; empty when the backend cannot tell.
     */
    default Optional<String> unavailability() {
        return Optional.empty();
    }

    /** Releases the backend's connections. */
    @Override
    void close();

    private UnsupportedOperationException unsupported(String call) {
        return new UnsupportedOperationException(getClass().getSimpleName() + " does not implement " + call
                + ": the plugin was built against an older cache-elements; update the plugin");
    }
}
