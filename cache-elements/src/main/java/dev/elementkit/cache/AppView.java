package dev.elementkit.cache;

import dev.elementkit.cache.glob.GlobPattern;
import dev.elementkit.cache.spi.CacheBackend;
import dev.elementkit.platform.shared.Lease;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The backend as one app's {@link PrefixedCache} sees it, through one lease:
 * <ul>
 *   <li>a {@link CacheException} coming back has the app prefix taken out of its message: backends name the full
 *       keys they work on, but a script wrote {@code user:1001:name}, not {@code demo.CacheDemo:user:1001:name};</li>
 *   <li>a call refused with {@link IllegalStateException} because {@code disconnect()} gave this lease back
 *       meanwhile (and its backend was closed under it) is made again on the cache's current connection, so a
 *       disconnect racing a call does not fail the call.</li>
 * </ul>
 * Does not own the backend: closing is the lease's business.
 */
final class AppView implements CacheBackend {

    private final Lease<? extends CacheBackend> lease;
    private final CacheBackend backend;
    private final String prefix;
    private final UnaryOperator<AppView> reconnect;

    /**
     * @param reconnect given this view once its lease is dead, returns the cache's view on a new lease, or throws
     *                  when the cache cannot have one (closed, or its plugin stopped)
     */
    AppView(Lease<? extends CacheBackend> lease, String prefix, UnaryOperator<AppView> reconnect) {
        this.lease = lease;
        this.backend = lease.get();
        this.prefix = prefix;
        this.reconnect = reconnect;
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
    public Optional<String> unavailability() {
        return backend.unavailability();
    }

    @Override
    public boolean ping() {
        return stillLeased() ? backend.ping() : reconnect.apply(this).ping();
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
        } catch (CacheException e) {
            throw withoutPrefix(e);
        } catch (IllegalStateException e) {
            if (stillLeased()) {
                throw e;
            }
            // The backend was closed under us and refused the call before doing anything (how the project's
            // backends refuse after close), so making it again cannot apply it twice. Other failures are not
            // retried: an INCR in flight when a connection closes may have been applied.
            return call.apply(reconnect.apply(this));
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
