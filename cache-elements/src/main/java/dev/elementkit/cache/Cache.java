package dev.elementkit.cache;

import dev.elementkit.platform.element.Element;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * A cache element, as scripts use it: {@code Cache cache = app.getElement("caches.MyRedis");}
 *
 * <p>The methods and meanings follow the reference platform's cache API, with one meaning for every backend:
 * <ul>
 *   <li>Keys are namespaced per app: {@code set("user:1", …)} stores {@code {appId}:user:1}; callers never see the
 *       prefix, and two apps on one backend never see each other's keys.</li>
 *   <li>Values are text. Numbers are stored as decimal text and other objects (maps, lists, records) as JSON, so
 *       that other clients of the same backend read them too.</li>
 *   <li>TTLs are whole seconds, at least 1; no TTL means the entry never expires.</li>
 *   <li>A null or empty key, a TTL below 1 or an unusable value raises {@link IllegalArgumentException} naming the
 *       argument, and changes nothing.</li>
 *   <li>When the backend cannot be reached, calls raise {@link CacheUnavailableException} within the element's
 *       timeout rather than waiting, and work again by themselves once it is back: an element whose server is down
 *       when it is created is handed out all the same and heals like one that lost its server later.
 *       {@link CacheUnavailableException#mayHaveBeenApplied()} says whether the failed command may still have been
 *       executed (sent, answer lost) or certainly was not (never sent, or refused whole); only the second is safe to
 *       retry for a non-idempotent call such as {@code incr}.</li>
 * </ul>
 * Thread-safe: one instance is shared by every caller of {@code getElement}. Error messages name keys as the caller
 * wrote them, never with the app prefix.
 *
 * @since 1.0.0
 */
public interface Cache extends Element {

    /** The stored text, or {@code null} when the key is missing or expired. */
    String get(String key);

    /**
     * The stored value read back as {@code type}: text as {@code String}, JSON as a record, map or list,
     * decimal text as a number; {@code null} when missing.
     *
     * @throws CacheValueException when the stored text cannot be read as {@code type}
     */
    <T> T get(String key, Class<T> type);

    /**
     * Stores {@code value}, without expiry, replacing any TTL the key had. A {@code String} is stored as is, a
     * {@code Number} as decimal text, anything else as JSON.
     *
     * @return true (kept for the reference API, whose clients check it)
     */
    boolean set(String key, Object value);

    /** Stores {@code value} for {@code ttlSeconds} seconds (at least 1). */
    boolean set(String key, Object value, long ttlSeconds);

    /** Stores a number (integer or decimal) as decimal text, without expiry. */
    boolean setNumeric(String key, Number value);

    /** Stores a number for {@code ttlSeconds} seconds. */
    boolean setNumeric(String key, Number value, long ttlSeconds);

    /**
     * The stored number: a {@code Long} for whole numbers, a {@code Double} otherwise, and {@code 0L} when the key
     * is missing.
     *
     * @throws CacheValueException when the stored value is not a number
     */
    Number getNumeric(String key);

    /** Atomically adds 1 and returns the new value; a missing key counts from 0. Keeps the key's TTL. */
    long incr(String key);

    /**
     * Atomically adds {@code amount} (may be negative) and returns the new value; a missing key counts from 0.
     * Keeps the key's TTL.
     *
     * @throws CacheValueException when the stored value is not a whole number; nothing is changed
     */
    long incr(String key, long amount);

    /**
     * Atomically adds {@code amount} and returns the new value; when this call creates the key it expires after
     * {@code ttlSeconds}, set in the same atomic step, and an existing key keeps its TTL. The counter of a rate
     * limit or a daily quota: never left without expiry, whatever else runs at the same time.
     *
     * @throws CacheValueException when the stored value is not a whole number; nothing is changed
     * @since 1.1.0
     */
    long incr(String key, long amount, long ttlSeconds);

    /**
     * Stores {@code value} only when the key is missing (or expired), without expiry; true when this call stored
     * it. Atomic: of many callers racing for one key, on any number of hosts, exactly one gets true.
     *
     * @since 1.1.0
     */
    boolean add(String key, Object value);

    /** As {@link #add(String, Object)}, the stored value expiring after {@code ttlSeconds}. @since 1.1.0 */
    boolean add(String key, Object value, long ttlSeconds);

    /**
     * The stored text, deleting the key in the same atomic step; null when missing. Of many callers racing for
     * one key exactly one gets the value: a verification code is used once.
     *
     * @since 1.1.0
     */
    String getAndDelete(String key);

    /**
     * Deletes every key of this app and nothing else: other apps' keys and keys other programs wrote to the same
     * server stay. Returns how many keys were deleted.
     *
     * @since 1.1.0
     */
    long clear();

    /**
     * Counts one request against {@code key} in a sliding window: admitted when fewer than {@code limit} requests
     * were admitted in the last {@code window}. Decided atomically on the backend, so no window ever admits more
     * than {@code limit}, however many threads and hosts call at once.
     *
     * @throws IllegalArgumentException when {@code limit} is below 1 or {@code window} is shorter than 1 ms
     * @since 1.1.0
     */
    RateLimit rateLimit(String key, long limit, Duration window);

    /**
     * As {@link #getAndDelete(String)}, the value read back as {@code type} (see {@link #get(String, Class)}).
     *
     * @throws CacheValueException when the stored text cannot be read as {@code type}; the key is deleted anyway
     * @since 1.1.0
     */
    <T> T getAndDelete(String key, Class<T> type);

    /**
     * Get or compute: the stored text of {@code key}; when missing, runs {@code loader}, stores what it returns for
     * {@code ttlSeconds} and returns it as stored. Concurrent callers for one key, in this process and in every
     * other process on the same backend, run the loader once and all get its value (the others wait, holding a
     * lock key {@code lock:remember:<key>} for at most {@link #REMEMBER_LEASE_SECONDS}). A loader that throws
     * stores nothing and its exception reaches the caller (a checked one wrapped in {@link CacheLoaderException});
     * a loader that returns null stores nothing and null is returned.
     *
     * @since 1.1.0
     */
    String remember(String key, long ttlSeconds, Callable<?> loader);

    /**
     * As {@link #remember(String, long, Callable)}, the TTL spread by a random 0 to {@code jitterSeconds} more, so
     * that keys written together do not all expire (and reload) in the same second.
     *
     * @since 1.1.0
     */
    String remember(String key, long ttlSeconds, long jitterSeconds, Callable<?> loader);

    /**
     * As {@link #remember(String, long, Callable)}, the value read back as {@code type} (the loader's result goes
     * through the same encoding, so the first caller gets what later callers get).
     *
     * @since 1.1.0
     */
    <T> T remember(String key, long ttlSeconds, Class<T> type, Callable<? extends T> loader);

    /** As {@link #remember(String, long, Class, Callable)} with a jitter. @since 1.1.0 */
    <T> T remember(String key, long ttlSeconds, long jitterSeconds, Class<T> type, Callable<? extends T> loader);

    /** How long one process may run a {@code remember} loader before another process may take over. */
    long REMEMBER_LEASE_SECONDS = 30;

    /**
     * Takes the lock {@code name} for {@code leaseSeconds} when nobody holds it; empty otherwise (never waits). The
     * lock lives in the cache as key {@code lock:<name>} holding the owner's token, so it excludes every thread,
     * script and host on the same backend; it goes by itself when the lease runs out.
     *
     * @since 1.1.0
     */
    Optional<CacheLock> tryLock(String name, long leaseSeconds);

    /**
     * As {@link #tryLock}, waiting up to {@code waitTimeout} for the lock to be free.
     *
     * @throws LockTimeoutException when another owner still held it after {@code waitTimeout}
     * @since 1.1.0
     */
    CacheLock lock(String name, long leaseSeconds, Duration waitTimeout);

    /** Sets a new TTL; false when the key does not exist. */
    boolean expire(String key, long ttlSeconds);

    /** Seconds the key has left (rounded up), {@code -1} when it never expires, {@code -2} when it is missing. */
    long ttl(String key);

    /** True when the key exists and has not expired. */
    boolean exists(String key);

    /** Deletes the key; true when it existed, false when there was nothing to delete. */
    boolean delete(String key);

    /** Every key of this app, without the prefix. */
    List<String> keys();

    /**
     * The app's keys matching a glob {@code pattern}, without the prefix: {@code *} any run of characters,
     * {@code ?} one character, {@code [abc]}, {@code [a-z]} and {@code [^a]} character classes, and {@code \}
     * before any of these to match it literally. Order is unspecified.
     *
     * @throws IllegalArgumentException when the pattern is malformed (an unclosed {@code [}, a trailing {@code \})
     */
    List<String> keys(String pattern);

    /** The values of many keys in one round trip; missing keys are absent from the result. */
    Map<String, String> getAll(Collection<String> keys);

    /** Stores many values in one round trip, without expiry. */
    void setAll(Map<String, ?> entries);

    /** Stores many values in one round trip, each for {@code ttlSeconds}. */
    void setAll(Map<String, ?> entries, long ttlSeconds);

    /** True when the backend answers. Never throws. */
    boolean ping();

    /**
     * Releases this instance's connections; the next call opens them again. Other elements sharing the same
     * connection keep it.
     */
    void disconnect();
}
