package dev.elementkit.cache;

import dev.elementkit.cache.glob.GlobPattern;
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

/**
 * The one implementation of {@link Cache}: checks arguments, adds and strips the {@code {appId}:} prefix, encodes
 * values, and hands plain operations to the plugin's {@link CacheBackend}. Every backend therefore means the same
 * by every method.
 *
 * <p>The backend is held through a {@link Lease} on a connection shared with other elements of equal
 * configuration; {@link #disconnect()} gives the lease back and the next call takes a new one.
 */
final class PrefixedCache implements Cache {

    private final String fullName;
    private final String prefix;
    private final CacheElements.BackendOpener opener;
    private volatile Lease<? extends CacheBackend> lease;
    /** Why the last attempt to open the backend failed, and when it ended; null after a success. */
    private volatile OpenFailure lastOpenFailure;
    private volatile boolean closed;

    private record OpenFailure(CacheUnavailableException cause, long endedAtNanos) {
    }

    PrefixedCache(String fullName, String appId, CacheElements.BackendOpener opener) {
        this.fullName = fullName;
        this.prefix = appId + ":";
        this.opener = opener;
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
        Lease<? extends CacheBackend> current = lease;
        if (current == null) {
            return failure == null ? Optional.empty() : Optional.of(failure.cause().getMessage());
        }
        return current.get().unavailability();
    }

    @Override
    public String fullName() {
        return fullName;
    }

    @Override
    public String get(String key) {
        return backend().get(full(key));
    }

    @Override
    public <T> T get(String key, Class<T> type) {
        if (type == null) {
            throw new IllegalArgumentException("type must not be null");
        }
        String text = get(key);
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
        Lease<? extends CacheBackend> current = lease;
        lease = null;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        disconnect();
    }

    @Override
    public String toString() {
        return "Cache[" + fullName + "]";
    }

    /**
     * The backend; while it cannot be opened, a stand-in whose every call fails with why. Failing in the call
     * rather than here keeps the order of errors: Java evaluates the caller's arguments (key checks, encoding)
     * between this and the call, so a bad argument is reported as such whether the backend is reachable or not.
     */
    private CacheBackend backend() {
        Lease<? extends CacheBackend> current = lease;
        if (current != null) {
            return current.get();
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
     * Opens the backend, one caller at a time. A caller that waited here while another's attempt failed gets that
     * failure instead of trying again, so that while the server is unreachable every call fails within about one
     * connection attempt, however many threads call.
     */
    private CacheBackend reopen() {
        long calledAt = System.nanoTime();
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException(fullName + " was closed by the host (the element was edited or "
                        + "deleted, or its plugin stopped): call app.getElement(\"" + fullName + "\") again");
            }
            if (lease == null) {
                OpenFailure failedMeanwhile = lastOpenFailure;
                if (failedMeanwhile != null && failedMeanwhile.endedAtNanos() - calledAt > 0) {
                    throw CacheUnavailableException.notSent(failedMeanwhile.cause().getMessage(),
                            failedMeanwhile.cause());
                }
                try {
                    lease = opener.open();
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
            return lease.get();
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
