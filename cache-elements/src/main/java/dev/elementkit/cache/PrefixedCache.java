package dev.elementkit.cache;

import dev.elementkit.cache.glob.GlobPattern;
import dev.elementkit.cache.spi.BackendGauges;
import dev.elementkit.cache.spi.CacheBackend;
import dev.elementkit.platform.shared.Lease;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one implementation of {@link Cache}: checks arguments, adds and strips the {@code {appId}:} prefix, encodes
 * values, and hands plain operations to the plugin's {@link CacheBackend}. Every backend therefore means the same
 * by every method.
 *
 * <p>The backend is held through a {@link Lease} on a connection shared with other elements of equal
 * configuration; {@link #disconnect()} gives the lease back and the next call takes a new one.
 */
final class PrefixedCache implements Cache, BackendGauges {

    /** Where the locks of {@link #tryLock} live, after the app prefix; {@code remember} locks under it too. */
    static final String LOCK_PREFIX = "lock:";
    private static final String REMEMBER_LOCK_PREFIX = LOCK_PREFIX + "remember:";
    private static final Duration FIRST_PAUSE = Duration.ofMillis(5);
    private static final Duration LONGEST_PAUSE = Duration.ofMillis(100);

    private final String fullName;
    private final String prefix;
    private final CacheElements.BackendOpener opener;
    private final Waiter waiter;
    private final ConcurrentHashMap<String, CompletableFuture<String>> loading = new ConcurrentHashMap<>();
    private volatile AppView connection;
    /** Why the last attempt to open the backend failed, and when it ended; null after a success. */
    private volatile OpenFailure lastOpenFailure;
    private volatile boolean closed;

    private record OpenFailure(CacheUnavailableException cause, long endedAtNanos) {
    }

    PrefixedCache(String fullName, String appId, CacheElements.BackendOpener opener) {
        this(fullName, appId, opener, Waiter.SYSTEM);
    }

    PrefixedCache(String fullName, String appId, CacheElements.BackendOpener opener, Waiter waiter) {
        this.fullName = fullName;
        this.prefix = appId + ":";
        this.opener = opener;
        this.waiter = waiter;
    }

    /**
     * Opens the backend now. An unreachable backend leaves the cache unavailable (calls try again); any other
     * failure is the configuration's and is thrown.
     */
    void connectNow() throws Exception {
        try {
            reopen();
        } catch (CacheUnavailableException unreachable) {
            // Unavailable, not broken: reopen() remembered why, for unavailability().
        } catch (OpenFailedException e) {
            throw e.opening;
        }
    }

    @Override
    public Optional<String> unavailability() {
        OpenFailure failure = lastOpenFailure;
        AppView current = connection;
        if (current == null) {
            return failure == null ? Optional.empty() : Optional.of(failure.cause().getMessage());
        }
        return current.unavailability();
    }

    @Override
    public String fullName() {
        return fullName;
    }

    /** The backend's figures while it is open; none while it is not (a scrape never opens it). */
    @Override
    public Map<String, Double> gauges() {
        AppView current = connection;
        return current == null ? Map.of() : current.lease().get().gauges();
    }

    @Override
    public String get(String key) {
        return backend().get(full(key));
    }

    @Override
    public <T> T get(String key, Class<T> type) {
        requireType(type);
        return decode(key, get(key), type);
    }

    @Override
    public boolean set(String key, Object value) {
        backend().set(full(key), ValueCodec.encode("value", value), null);
        return true;
    }

    @Override
    public boolean set(String key, Object value, long ttlSeconds) {
        String fullKey = full(key);
        Duration ttl = ttl(ttlSeconds);
        backend().set(fullKey, ValueCodec.encode("value", value), ttl);
        return true;
    }

    @Override
    public boolean setNumeric(String key, Number value) {
        backend().set(full(key), ValueCodec.encodeNumber("value", value), null);
        return true;
    }

    @Override
    public boolean setNumeric(String key, Number value, long ttlSeconds) {
        String fullKey = full(key);
        Duration ttl = ttl(ttlSeconds);
        backend().set(fullKey, ValueCodec.encodeNumber("value", value), ttl);
        return true;
    }

    @Override
    public Number getNumeric(String key) {
        String text = get(key);
        if (text == null) {
            return 0L;
        }
        Number number = ValueCodec.decodeNumber(text);
        if (number == null) {
            throw new CacheValueException("the value of key '" + key + "' in " + fullName + " is not a number");
        }
        return number;
    }

    @Override
    public long incr(String key) {
        return incr(key, 1);
    }

    @Override
    public long incr(String key, long amount) {
        return backend().incrBy(full(key), amount);
    }

    @Override
    public long incr(String key, long amount, long ttlSeconds) {
        String fullKey = full(key);
        return backend().incrBy(fullKey, amount, ttl(ttlSeconds));
    }

    @Override
    public boolean add(String key, Object value) {
        return backend().add(full(key), ValueCodec.encode("value", value), null);
    }

    @Override
    public boolean add(String key, Object value, long ttlSeconds) {
        String fullKey = full(key);
        Duration ttl = ttl(ttlSeconds);
        return backend().add(fullKey, ValueCodec.encode("value", value), ttl);
    }

    @Override
    public String getAndDelete(String key) {
        return backend().getAndDelete(full(key));
    }

    @Override
    public <T> T getAndDelete(String key, Class<T> type) {
        requireType(type);
        return decode(key, getAndDelete(key), type);
    }

    @Override
    public String remember(String key, long ttlSeconds, Callable<?> loader) {
        return remember(key, ttlSeconds, 0, loader);
    }

    @Override
    public String remember(String key, long ttlSeconds, long jitterSeconds, Callable<?> loader) {
        String fullKey = full(key);
        Duration ttl = ttl(ttlSeconds);
        if (jitterSeconds < 0) {
            throw new IllegalArgumentException("jitterSeconds must not be negative, was " + jitterSeconds);
        }
        if (loader == null) {
            throw new IllegalArgumentException("loader must not be null");
        }
        String stored = backend().get(fullKey);
        if (stored != null) {
            return stored;
        }
        // One loader per key in this process: the others wait for its outcome, value or exception.
        CompletableFuture<String> mine = new CompletableFuture<>();
        CompletableFuture<String> running = loading.putIfAbsent(fullKey, mine);
        if (running != null) {
            return outcomeOf(running);
        }
        try {
            String loaded = loadOnceAcrossProcesses(key, fullKey, ttl.plusSeconds(jitter(jitterSeconds)), loader);
            mine.complete(loaded);
            return loaded;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            loading.remove(fullKey, mine);
        }
    }

    @Override
    public <T> T remember(String key, long ttlSeconds, Class<T> type, Callable<? extends T> loader) {
        return remember(key, ttlSeconds, 0, type, loader);
    }

    @Override
    public <T> T remember(String key, long ttlSeconds, long jitterSeconds, Class<T> type,
                          Callable<? extends T> loader) {
        requireType(type);
        return decode(key, remember(key, ttlSeconds, jitterSeconds, (Callable<?>) loader), type);
    }

    @Override
    public Optional<CacheLock> tryLock(String name, long leaseSeconds) {
        String fullKey = lockKey(name);
        Duration lease = lease(leaseSeconds);
        String token = UUID.randomUUID().toString();
        if (!backend().add(fullKey, token, lease)) {
            return Optional.empty();
        }
        return Optional.of(new OwnedLock(this::backend, name, fullKey, token));
    }

    @Override
    public CacheLock lock(String name, long leaseSeconds, Duration waitTimeout) {
        if (waitTimeout == null || waitTimeout.isNegative()) {
            throw new IllegalArgumentException("waitTimeout must be zero or more, was " + waitTimeout);
        }
        long deadline = waiter.nanoTime() + waitTimeout.toNanos();
        Duration pause = FIRST_PAUSE;
        while (true) {
            Optional<CacheLock> lock = tryLock(name, leaseSeconds);
            if (lock.isPresent()) {
                return lock.get();
            }
            long left = deadline - waiter.nanoTime();
            if (left <= 0) {
                throw new LockTimeoutException("the lock '" + name + "' in " + fullName + " was still held by another "
                        + "owner after waiting " + waitTimeout + "; wait longer, or find who holds it too long");
            }
            pause(min(pause, Duration.ofNanos(left)), "the lock '" + name + "'");
            pause = min(pause.multipliedBy(2), LONGEST_PAUSE);
        }
    }

    @Override
    public long clear() {
        return backend().deleteByPrefix(prefix);
    }

    @Override
    public RateLimit rateLimit(String key, long limit, Duration window) {
        String fullKey = full(key);
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        if (window == null || window.toMillis() < 1) {
            throw new IllegalArgumentException("window must be at least 1 ms, was " + window);
        }
        return backend().rateLimit(fullKey, limit, window);
    }

    @Override
    public boolean expire(String key, long ttlSeconds) {
        String fullKey = full(key);
        return backend().expire(fullKey, ttl(ttlSeconds));
    }

    @Override
    public long ttl(String key) {
        long millis = backend().ttlMillis(full(key));
        return millis < 0 ? millis : (millis + 999) / 1000;
    }

    @Override
    public boolean exists(String key) {
        return backend().exists(full(key));
    }

    @Override
    public boolean delete(String key) {
        return backend().delete(full(key));
    }

    @Override
    public List<String> keys() {
        return keys("*");
    }

    @Override
    public List<String> keys(String pattern) {
        GlobPattern glob = GlobPattern.compile(pattern).withLiteralPrefix(prefix);
        List<String> found = backend().keys(glob);
        List<String> stripped = new ArrayList<>(found.size());
        for (String fullKey : found) {
            if (fullKey.startsWith(prefix) && glob.matches(fullKey)) {
                stripped.add(fullKey.substring(prefix.length()));
            }
        }
        return stripped;
    }

    @Override
    public Map<String, String> getAll(Collection<String> keys) {
        if (keys == null) {
            throw new IllegalArgumentException("keys must not be null");
        }
        List<String> fullKeys = new ArrayList<>(keys.size());
        for (String key : keys) {
            fullKeys.add(full(key));
        }
        Map<String, String> result = new LinkedHashMap<>();
        backend().getAll(fullKeys).forEach((fullKey, value) -> result.put(fullKey.substring(prefix.length()), value));
        return result;
    }

    @Override
    public void setAll(Map<String, ?> entries) {
        backend().setAll(encodeAll(entries), null);
    }

    @Override
    public void setAll(Map<String, ?> entries, long ttlSeconds) {
        Map<String, String> encoded = encodeAll(entries);
        backend().setAll(encoded, ttl(ttlSeconds));
    }

    @Override
    public boolean ping() {
        try {
            return !closed && backend().ping();
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public synchronized void disconnect() {
        AppView current = connection;
        connection = null;
        if (current != null) {
            current.lease().close();
        }
    }

    /**
     * Closes for good; later calls are refused. Not part of {@link Cache}: only the host closes an element, through
     * {@link CacheType#closeInstance}, so a script cannot close an instance other callers share.
     */
    synchronized void close() {
        closed = true;
        disconnect();
    }

    @Override
    public String toString() {
        return "Cache[" + fullName + "]";
    }

    /**
     * The backend as this app sees it (see {@link AppView} for a call that races {@link #disconnect()}); while it
     * cannot be opened, a stand-in whose every call fails with why. Failing in the call rather than here keeps the
     * order of errors: Java evaluates the caller's arguments (key checks, encoding) between this and the call, so a
     * bad argument is reported as such whether the backend is reachable or not.
     */
    private CacheBackend backend() {
        AppView current = connection;
        if (current != null) {
            return current;
        }
        try {
            return reopen();
        } catch (CacheUnavailableException e) {
            return unreachable(e);
        } catch (OpenFailedException e) {
            return unreachable(CacheUnavailableException.notSent(fullName + " cannot reconnect: "
                    + e.opening.getMessage(), e.opening));
        }
    }

    private static CacheBackend unreachable(CacheUnavailableException why) {
        return (CacheBackend) Proxy.newProxyInstance(CacheBackend.class.getClassLoader(),
                new Class<?>[] {CacheBackend.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.getName().equals("toString") ? "unreachable backend: " + why.getMessage()
                                : method.getName().equals("hashCode") ? System.identityHashCode(proxy)
                                : proxy == args[0];
                    }
                    throw why;
                });
    }

    /** A checked failure of the opener, kept apart from unavailability so that creation can rethrow it. */
    private static final class OpenFailedException extends RuntimeException {
        final Exception opening;

        OpenFailedException(Exception opening) {
            super(opening.getMessage(), opening, false, false);
            this.opening = opening;
        }
    }

    /**
     * A view whose lease died under a call: given back by {@link #disconnect()} meanwhile, or closed with the
     * plugin's connections when the plugin stopped. Drops it if it is still the current one, then connects anew (and
     * fails with the reason when the plugin is gone or the backend cannot be reached).
     */
    private synchronized AppView reconnectAfter(AppView stale) {
        if (connection == stale) {
            connection = null;
            stale.lease().close();
        }
        try {
            return reopen();
        } catch (OpenFailedException e) {
            throw CacheUnavailableException.notSent(fullName + " cannot reconnect: " + e.opening.getMessage(),
                    e.opening);
        }
    }

    /**
     * Opens the backend, one caller at a time. A caller that waited here while another's attempt failed gets that
     * failure instead of trying again, so that while the server is unreachable every call fails within about one
     * connection attempt, however many threads call.
     */
    private AppView reopen() {
        long calledAt = System.nanoTime();
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException(fullName + " was closed by the host (the element was edited or "
                        + "deleted, or its plugin stopped): call app.getElement(\"" + fullName + "\") again");
            }
            if (connection == null) {
                OpenFailure failedMeanwhile = lastOpenFailure;
                if (failedMeanwhile != null && failedMeanwhile.endedAtNanos() - calledAt > 0) {
                    throw CacheUnavailableException.notSent(failedMeanwhile.cause().getMessage(),
                            failedMeanwhile.cause());
                }
                try {
                    connection = new AppView(opener.open(), prefix, this::reconnectAfter);
                    lastOpenFailure = null;
                } catch (CacheUnavailableException e) {
                    lastOpenFailure = new OpenFailure(e, System.nanoTime());
                    throw e;
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new OpenFailedException(e);
                }
            }
            return connection;
        }
    }

    /**
     * Runs the loader in one process of all those sharing the backend: the one that adds the lock key loads and
     * stores; the others poll for the value, and take over when the lock goes without one (the loader failed, or
     * its process died and the lease ran out).
     */
    private String loadOnceAcrossProcesses(String key, String fullKey, Duration ttl, Callable<?> loader) {
        String lockKey = prefix + REMEMBER_LOCK_PREFIX + key;
        Duration pause = FIRST_PAUSE;
        while (true) {
            String token = UUID.randomUUID().toString();
            if (backend().add(lockKey, token, Duration.ofSeconds(REMEMBER_LEASE_SECONDS))) {
                try {
                    // Another process may have stored it between our first look and our lock.
                    String stored = backend().get(fullKey);
                    return stored != null ? stored : loadAndStore(key, fullKey, ttl, loader);
                } finally {
                    backend().deleteIfEquals(lockKey, token);
                }
            }
            pause(pause, "another process loading key '" + key + "'");
            pause = min(pause.multipliedBy(2), LONGEST_PAUSE);
            String stored = backend().get(fullKey);
            if (stored != null) {
                return stored;
            }
        }
    }

    private String loadAndStore(String key, String fullKey, Duration ttl, Callable<?> loader) {
        Object loaded;
        try {
            loaded = loader.call();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new CacheLoaderException("the loader of key '" + key + "' in " + fullName + " failed, nothing was "
                    + "stored: " + e, e);
        }
        if (loaded == null) {
            return null;
        }
        String text = ValueCodec.encode("the loader's value for key '" + key + "'", loaded);
        backend().set(fullKey, text, ttl);
        return text;
    }

    /** What another thread's loader came to: its value, or its very exception. */
    private static String outcomeOf(CompletableFuture<String> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private void pause(Duration pause, String waitingFor) {
        try {
            waiter.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CacheException("interrupted while waiting for " + waitingFor + " in " + fullName, e);
        }
    }

    private static long jitter(long jitterSeconds) {
        return jitterSeconds == 0 ? 0 : ThreadLocalRandom.current().nextLong(jitterSeconds + 1);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private String lockKey(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("lock name must not be " + (name == null ? "null" : "empty"));
        }
        return prefix + LOCK_PREFIX + name;
    }

    private static Duration lease(long leaseSeconds) {
        if (leaseSeconds < 1) {
            throw new IllegalArgumentException("leaseSeconds must be at least 1, was " + leaseSeconds
                    + " (a lock without a lease would outlive a crashed owner)");
        }
        return Duration.ofSeconds(leaseSeconds);
    }

    private static void requireType(Class<?> type) {
        if (type == null) {
            throw new IllegalArgumentException("type must not be null");
        }
    }

    private <T> T decode(String key, String text, Class<T> type) {
        if (text == null) {
            return null;
        }
        try {
            return ValueCodec.decode(text, type);
        } catch (Exception e) {
            throw new CacheValueException("the value of key '" + key + "' in " + fullName + " cannot be read as "
                    + type.getSimpleName());
        }
    }

    private Map<String, String> encodeAll(Map<String, ?> entries) {
        if (entries == null) {
            throw new IllegalArgumentException("entries must not be null");
        }
        Map<String, String> encoded = new LinkedHashMap<>();
        entries.forEach((key, value) -> encoded.put(full(key), ValueCodec.encode("value of '" + key + "'", value)));
        return encoded;
    }

    private String full(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key must not be " + (key == null ? "null" : "empty"));
        }
        return prefix + key;
    }

    private static Duration ttl(long ttlSeconds) {
        if (ttlSeconds < 1) {
            throw new IllegalArgumentException("ttlSeconds must be at least 1, was " + ttlSeconds
                    + " (leave it out for no expiry, or delete the key)");
        }
        return Duration.ofSeconds(ttlSeconds);
    }
}
