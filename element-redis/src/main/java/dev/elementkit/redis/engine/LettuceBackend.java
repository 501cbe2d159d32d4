package dev.elementkit.redis.engine;

import dev.elementkit.cache.glob.GlobPattern;
import dev.elementkit.cache.spi.CacheBackend;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CacheBackend} over one thread-safe Lettuce connection (standalone, sentinel-managed master, or cluster:
 * the cluster connection routes each key to its slot's master and spreads MGET/MSET/SCAN over the masters).
 *
 * <p>Owns the connection and its client: {@link #close()} closes both (the engine's shared lease does that when
 * the last element using it lets go).
 */
final class LettuceBackend implements CacheBackend {

    private static final Logger LOG = LoggerFactory.getLogger(LettuceBackend.class);
    private static final int SCAN_BATCH = 1000;

    private final RedisClusterCommands<String, String> sync;
    private final RedisClusterAsyncCommands<String, String> async;
    private final AutoCloseable owned;
    private final Failures failures;
    private final Duration commandTimeout;
    private final boolean keysFallback;
    private final String where;
    private volatile boolean scanMissing;

    /**
     * @param owned closed by {@link #close()}: the connection and the client that made it
     */
    LettuceBackend(RedisClusterCommands<String, String> sync, RedisClusterAsyncCommands<String, String> async,
                   AutoCloseable owned, String where, Duration commandTimeout, boolean keysFallback) {
        this.sync = sync;
        this.async = async;
        this.owned = owned;
        this.where = where;
        this.failures = new Failures(where);
        this.commandTimeout = commandTimeout;
        this.keysFallback = keysFallback;
    }

    @Override
    public String get(String key) {
        try {
            return sync.get(key);
        } catch (RuntimeException e) {
            throw failures.translate(e);
        }
    }

    @Override
    public void set(String key, String value, Duration ttl) {
        try {
            if (ttl == null) {
                sync.set(key, value);
            } else {
                sync.setex(key, ttl.toSeconds(), value);
            }
        } catch (RuntimeException e) {
            throw failures.translate(e);
        }
    }

    @Override
    public long incrBy(String key, long amount) {
        try {
            return sync.incrby(key, amount);
        } catch (RuntimeException e) {
            throw failures.translate(e);
        }
    }

    @Override
    public boolean expire(String key, Duration ttl) {
        try {
            return Boolean.TRUE.equals(sync.pexpire(key, ttl.toMillis()));
        } catch (RuntimeException e) {
            throw failures.translate(e);
        }
    }

    @Override
    public long ttlMillis(String key) {
        try {
            return sync.pttl(key);
        } catch (RuntimeException e) {
            throw failures.translate(e);
        }
    }

    @Override
    public boolean exists(String key) {
        try {
            return sync.exists(key) > 0;
        } catch (RuntimeException e) {
            throw failures.translate(e);
        }
    }

    @Override
    public boolean delete(String key) {
        try {
            return sync.del(key) > 0;
        } catch (RuntimeException e) {
            throw failures.translate(e);
        }
    }

    @Override
    public List<String> keys(GlobPattern pattern) {
        String serverPattern = pattern.serverPattern();
        Set<String> found = new LinkedHashSet<>();
        try {
            if (scanMissing) {
                found.addAll(sync.keys(serverPattern));
            } else {
                scan(serverPattern, found);
            }
        } catch (RedisCommandExecutionException e) {
            if (!keysFallback || !isUnknownCommand(e)) {
                throw failures.translate(e);
            }
            scanMissing = true;
            LOG.warn("{} does not support SCAN ({}); listing keys with KEYS on the app's prefix from now on, which "
                    + "blocks the server while it runs", where, e.getMessage());
            found.clear();
            try {
                found.addAll(sync.keys(serverPattern));
            } catch (RuntimeException again) {
                throw failures.translate(again);
            }
        } catch (RuntimeException e) {
            throw failures.translate(e);
        }
        List<String> matching = new ArrayList<>(found.size());
        for (String key : found) {
            if (pattern.matches(key)) {
                matching.add(key);
            }
        }
        return matching;
    }

    private void scan(String serverPattern, Set<String> found) {
        ScanArgs args = ScanArgs.Builder.matches(serverPattern).limit(SCAN_BATCH);
        KeyScanCursor<String> cursor = sync.scan(args);
        found.addAll(cursor.getKeys());
        while (!cursor.isFinished()) {
            cursor = sync.scan(cursor, args);
            found.addAll(cursor.getKeys());
        }
    }

    private static boolean isUnknownCommand(RedisCommandExecutionException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        return message.contains("unknown command") || message.contains("unsupported")
                || message.contains("not support");
    }

    @Override
    public boolean ping() {
        try {
            return "PONG".equalsIgnoreCase(sync.ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public Map<String, String> getAll(Collection<String> keys) {
        Map<String, String> found = new LinkedHashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        try {
            for (KeyValue<String, String> entry : sync.mget(keys.toArray(String[]::new))) {
                if (entry.hasValue()) {
                    found.put(entry.getKey(), entry.getValue());
                }
            }
        } catch (RuntimeException e) {
            throw failures.translate(e);
        }
        return found;
    }

    @Override
    public void setAll(Map<String, String> entries, Duration ttl) {
        if (entries.isEmpty()) {
            return;
        }
        try {
            if (ttl == null) {
                sync.mset(entries);
                return;
            }
            // No MSET with expiry: pipeline one SETEX per key on the shared connection and wait for all.
            List<RedisFuture<String>> replies = new ArrayList<>(entries.size());
            entries.forEach((key, value) -> replies.add(async.setex(key, ttl.toSeconds(), value)));
            long deadline = System.nanoTime() + commandTimeout.toNanos() + TimeUnit.MILLISECONDS.toNanos(entries.size());
            for (RedisFuture<String> reply : replies) {
                reply.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (ExecutionException e) {
            throw failures.translate(e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException(e.getCause()));
        } catch (TimeoutException e) {
            throw failures.unavailable("a batch of " + entries.size() + " writes did not finish in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failures.unavailable("interrupted while waiting for a batch of writes", e);
        } catch (RuntimeException e) {
            throw failures.translate(e);
        }
    }

    @Override
    public void close() {
        try {
            owned.close();
        } catch (Exception e) {
            LOG.warn("closing the connection to {} failed: {}", where, e.toString());
        }
    }

    @Override
    public String toString() {
        return "LettuceBackend[" + where + "]";
    }
}
