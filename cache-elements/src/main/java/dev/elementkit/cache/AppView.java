package dev.elementkit.cache;

import dev.elementkit.cache.glob.GlobPattern;
import dev.elementkit.cache.spi.CacheBackend;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import dev.elementkit.platform.shared.Lease;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The backend as one app's {@link PrefixedCache} sees it, through one lease:
 * <ul>
 *   <li>a {@link CacheException} coming back has the app prefix taken out of its message: backends name the full
 *       keys they work on, but a script wrote {@code user:1001:name}, not {@code demo.CacheDemo:user:1001:name};</li>
 *   <li>a call that fails after {@code disconnect()} gave this lease back meanwhile (its backend may have been
 *       closed under it) is made again on the cache's current connection, so a disconnect racing a call never
 *       fails the call.</li>
 * </ul>
 * Does not own the backend: closing is the lease's business.
 */
final class AppView implements CacheBackend {

    private final Lease<? extends CacheBackend> lease;
    private final CacheBackend backend;
    private final String prefix;
    private final Supplier<CacheBackend> current;

    /** @param current the cache's view now, reconnecting if needed (for a call that lost its lease) */
    AppView(Lease<? extends CacheBackend> lease, String prefix, Supplier<CacheBackend> current) {
        this.lease = lease;
        this.backend = lease.get();
        this.prefix = prefix;
        this.current = current;
    }

    /** The lease this view works through. */
    Lease<? extends CacheBackend> lease() {
        return lease;
    }

    @Override
    public String get(String key) {
        return hiding(b -> b.get(key));
    }

    @Override
    public void set(String key, String value, Duration ttl) {
        hiding(b -> {
            b.set(key, value, ttl);
            return null;
        });
    }

    @Override
    public long incrBy(String key, long amount) {
        return hiding(b -> b.incrBy(key, amount));
    }

    @Override
    public boolean expire(String key, Duration ttl) {
        return hiding(b -> b.expire(key, ttl));
    }

    @Override
    public long ttlMillis(String key) {
        return hiding(b -> b.ttlMillis(key));
    }

    @Override
    public boolean exists(String key) {
        return hiding(b -> b.exists(key));
    }

    @Override
    public boolean delete(String key) {
        return hiding(b -> b.delete(key));
    }

    @Override
    public List<String> keys(GlobPattern pattern) {
        return hiding(b -> b.keys(pattern));
    }

    @Override
    public boolean ping() {
        return stillLeased() ? backend.ping() : current.get().ping();
    }

    @Override
    public boolean add(String key, String value, Duration ttl) {
        return hiding(b -> b.add(key, value, ttl));
    }

    @Override
    public String getAndDelete(String key) {
        return hiding(b -> b.getAndDelete(key));
    }

    @Override
    public long incrBy(String key, long amount, Duration ttlIfCreated) {
        return hiding(b -> b.incrBy(key, amount, ttlIfCreated));
    }

    @Override
    public boolean deleteIfEquals(String key, String expected) {
        return hiding(b -> b.deleteIfEquals(key, expected));
    }

    @Override
    public boolean expireIfEquals(String key, String expected, Duration ttl) {
        return hiding(b -> b.expireIfEquals(key, expected, ttl));
    }

    @Override
    public long deleteByPrefix(String keyPrefix) {
        return hiding(b -> b.deleteByPrefix(keyPrefix));
    }

    @Override
    public RateLimit rateLimit(String key, long limit, Duration window) {
        return hiding(b -> b.rateLimit(key, limit, window));
    }

    @Override
    public Map<String, String> getAll(Collection<String> keys) {
        return hiding(b -> b.getAll(keys));
    }

    @Override
    public void setAll(Map<String, String> entries, Duration ttl) {
        hiding(b -> {
            b.setAll(entries, ttl);
            return null;
        });
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException("the lease closes the backend, not the app's view of it");
    }

    private <T> T hiding(Function<CacheBackend, T> call) {
        try {
            return call.apply(backend);
        } catch (RuntimeException e) {
            if (!stillLeased()) {
                // The backend may have been closed under the call: whatever it said, try once more connected. When
                // the cache still hands out this view (its plugin stopped under an element nobody closed), trying
                // again would only recurse: the failure stands.
                CacheBackend now = current.get();
                if (now != this) {
                    return call.apply(now);
                }
            }
            throw e instanceof CacheException cacheException ? withoutPrefix(cacheException) : e;
        }
    }

    private boolean stillLeased() {
        try {
            lease.get();
            return true;
        } catch (IllegalStateException released) {
            return false;
        }
    }

    /** The same kind of exception, its message without the prefix; the stack trace of where it happened. */
    CacheException withoutPrefix(CacheException e) {
        String message = e.getMessage();
        if (message == null || !message.contains(prefix)) {
            return e;
        }
        String hidden = message.replace(prefix, "");
        CacheException copy;
        if (e instanceof CacheValueException) {
            copy = new CacheValueException(hidden);
        } else if (e instanceof CacheUnavailableException unavailable) {
            // The copy must keep the backend's answer: a caller retries an incr only when it says "not applied".
            copy = new CacheUnavailableException(hidden, e.getCause(), unavailable.mayHaveBeenApplied());
        } else if (e.getClass() == CacheException.class) {
            copy = new CacheException(hidden, e.getCause());
        } else {
            return e; // a backend's own subclass: keep its type rather than guess how to copy it
        }
        copy.setStackTrace(e.getStackTrace());
        for (Throwable suppressed : e.getSuppressed()) {
            copy.addSuppressed(suppressed);
        }
        return copy;
    }
}
