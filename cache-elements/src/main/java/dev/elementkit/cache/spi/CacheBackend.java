package dev.elementkit.cache.spi;

import dev.elementkit.cache.glob.GlobPattern;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a cache plugin implements: plain operations on full keys (already prefixed with {@code {appId}:}) and text
 * values. Argument checks, prefixing, value encoding and the meaning of each {@code Cache} method live once, in
 * cache-elements; a backend only stores and fetches.
 *
 * <p>Implementations are thread-safe and fail with {@link dev.elementkit.cache.CacheUnavailableException} when the
 * server cannot be reached, and {@link dev.elementkit.cache.CacheValueException} when {@link #incrBy} meets a value
 * that is not a whole number (changing nothing).
 */
public interface CacheBackend extends AutoCloseable {

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

    /** Releases the backend's connections. */
    @Override
    void close();
}
