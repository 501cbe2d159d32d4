package dev.elementkit.cache;

import dev.elementkit.cache.spi.CacheBackend;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A lock acquired by this owner: the lock key holds {@link #token()}, and release and extension compare it on the
 * backend in the same atomic step as they act ({@link CacheBackend#deleteIfEquals},
 * {@link CacheBackend#expireIfEquals}).
 */
final class OwnedLock implements CacheLock {

    private final Supplier<CacheBackend> backend;
    private final String name;
    private final String fullKey;
    private final String token;

    OwnedLock(Supplier<CacheBackend> backend, String name, String fullKey, String token) {
        this.backend = backend;
        this.name = name;
        this.fullKey = fullKey;
        this.token = token;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String token() {
        return token;
    }

    @Override
    public boolean release() {
        return backend.get().deleteIfEquals(fullKey, token);
    }

    @Override
    public boolean extend(long leaseSeconds) {
        if (leaseSeconds < 1) {
            throw new IllegalArgumentException("leaseSeconds must be at least 1, was " + leaseSeconds);
        }
        return backend.get().expireIfEquals(fullKey, token, Duration.ofSeconds(leaseSeconds));
    }

    @Override
    public boolean isHeld() {
        return token.equals(backend.get().get(fullKey));
    }

    @Override
    public void close() {
        release();
    }

    @Override
    public String toString() {
        return "CacheLock[" + name + "]";
    }
}
