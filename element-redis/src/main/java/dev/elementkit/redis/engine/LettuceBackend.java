package dev.elementkit.redis.engine;

import dev.elementkit.cache.CacheException;
import dev.elementkit.cache.CacheValueException;
import dev.elementkit.cache.RateLimit;
import dev.elementkit.cache.glob.GlobPattern;
import dev.elementkit.cache.spi.CacheBackend;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
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
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
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
    private static final int BATCH_CHUNK = 256;

    private final RedisClusterCommands<String, String> sync;
    private final RedisClusterAsyncCommands<String, String> async;
    private final BooleanSupplier connected;
    private final AutoCloseable owned;
    private final Failures failures;
    private final Duration commandTimeout;
    private final boolean keysFallback;
    private final String where;
    private final ServerGauges serverGauges;
    private volatile boolean scanMissing;

    /**
     * @param connected whether the connection is up now (Lettuce's own state, no I/O)
     * @param owned     closed by {@link #close()}: the connection and the client that made it
     * @param serverGauges the server's figures for {@link #gauges()}, closed by {@link #close()}
     */
    LettuceBackend(RedisClusterCommands<String, String> sync, RedisClusterAsyncCommands<String, String> async,
                   BooleanSupplier connected, AutoCloseable owned, String where, Duration commandTimeout,
                   boolean keysFallback, ServerGauges serverGauges) {
        this.sync = sync;
        this.async = async;
        this.connected = connected;
        this.owned = owned;
        this.where = where;
        this.failures = new Failures(where);
        this.commandTimeout = commandTimeout;
        this.keysFallback = keysFallback;
        this.serverGauges = serverGauges;
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
            CacheException failure = failures.translate(e);
            if (failure instanceof CacheValueException) {
                throw new CacheValueException("cannot add " + amount + " to key '" + key + "': "
                        + failure.getMessage() + "; the value was left unchanged");
            }
            throw failure;
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
        Set<String> found = new LinkedHashSet<>();
        forEachPage(pattern.serverPattern(), page -> {
            for (String key : page) {
                if (pattern.matches(key)) {
                    found.add(key);
                }
            }
        });
        return new ArrayList<>(found);
    }

    /**
     * SCAN (on every master of a cluster: Lettuce's cluster connection walks them) and UNLINK each page as it
     * comes, so memory stays at one page and the server is never blocked by one large command. Never FLUSHDB:
     * other apps and other programs share the database.
     */
    @Override
    public long deleteByPrefix(String prefix) {
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("deleteByPrefix needs a non-empty prefix: it must never empty the "
                    + "whole database");
        }
        GlobPattern everyKey = GlobPattern.compile("*").withLiteralPrefix(prefix);
        long[] deleted = {0};
        forEachPage(everyKey.serverPattern(), page -> {
            List<String> mine = new ArrayList<>(page.size());
            for (String key : page) {
                if (key.startsWith(prefix)) {
                    mine.add(key);
                }
            }
            for (int from = 0; from < mine.size(); from += BATCH_CHUNK) {
                List<String> chunk = mine.subList(from, Math.min(mine.size(), from + BATCH_CHUNK));
                deleted[0] += sync.unlink(chunk.toArray(String[]::new));
            }
        });
        return deleted[0];
    }

    /**
     * Hands every key matching {@code serverPattern} to {@code page}, a SCAN page at a time; on a server without
     * SCAN (when the flavour allows it) one page from {@code KEYS}. A key may come twice (SCAN's guarantee).
     */
    private void forEachPage(String serverPattern, java.util.function.Consumer<Collection<String>> page) {
        try {
            if (scanMissing) {
                page.accept(sync.keys(serverPattern));
            } else {
                scan(serverPattern, page);
            }
        } catch (RedisCommandExecutionException e) {
            if (!keysFallback || !isUnknownCommand(e)) {
                throw failures.translate(e);
            }
            scanMissing = true;
            LOG.warn("{} does not support SCAN ({}); listing keys with KEYS on the app's prefix from now on, which "
                    + "blocks the server while it runs", where, e.getMessage());
            try {
                page.accept(sync.keys(serverPattern));
            } catch (RuntimeException again) {
                throw failures.translate(again);
            }
        } catch (RuntimeException e) {
            throw failures.translate(e);
        }
    }

    private void scan(String serverPattern, java.util.function.Consumer<Collection<String>> page) {
        ScanArgs args = ScanArgs.Builder.matches(serverPattern).limit(SCAN_BATCH);
        KeyScanCursor<String> cursor = sync.scan(args);
        page.accept(cursor.getKeys());
        while (!cursor.isFinished()) {
            cursor = sync.scan(cursor, args);
            page.accept(cursor.getKeys());
        }
    }

    /** SET NX with PX: one command, in Redis since 2.6.12 and in TongRDS' list. */
    @Override
    public boolean add(String key, String value, Duration ttl) {
        SetArgs args = ttl == null ? SetArgs.Builder.nx() : SetArgs.Builder.nx().px(ttl.toMillis());
        try {
            return "OK".equals(sync.set(key, value, args));
        } catch (RuntimeException e) {
            throw failures.translate(e);
        }
    }

    @Override
    public String getAndDelete(String key) {
        return eval(RedisScripts.GET_AND_DELETE, ScriptOutputType.VALUE, key);
    }

    @Override
    public long incrBy(String key, long amount, Duration ttlIfCreated) {
        if (ttlIfCreated == null) {
            return incrBy(key, amount);
        }
        try {
            String value = eval(RedisScripts.INCR_EXPIRING, ScriptOutputType.VALUE, key, Long.toString(amount),
                    Long.toString(ttlIfCreated.toMillis()));
            return Long.parseLong(value);
        } catch (CacheValueException e) {
            throw new CacheValueException("cannot add " + amount + " to key '" + key + "': " + e.getMessage()
                    + "; the value was left unchanged");
        }
    }

    @Override
    public boolean deleteIfEquals(String key, String expected) {
        Long deleted = eval(RedisScripts.DELETE_IF_EQUALS, ScriptOutputType.INTEGER, key, expected);
        return deleted != null && deleted > 0;
    }

    @Override
    public boolean expireIfEquals(String key, String expected, Duration ttl) {
        Long set = eval(RedisScripts.EXPIRE_IF_EQUALS, ScriptOutputType.INTEGER, key, expected,
                Long.toString(ttl.toMillis()));
        return set != null && set > 0;
    }

    /** A sliding-window log on a sorted set, decided in one script by the server's clock. */
    @Override
    public RateLimit rateLimit(String key, long limit, Duration window) {
        List<Object> reply = eval(RedisScripts.RATE_LIMIT, ScriptOutputType.MULTI, key, Long.toString(limit),
                Long.toString(window.toMillis()), UUID.randomUUID().toString());
        boolean allowed = ((Number) reply.get(0)).longValue() == 1;
        long remaining = ((Number) reply.get(1)).longValue();
        Duration retryAfter = Duration.ofMillis(((Number) reply.get(2)).longValue());
        return new RateLimit(allowed, limit, remaining, retryAfter);
    }

    /** EVAL with the script's text each time: TongRDS lists EVAL but not EVALSHA or SCRIPT LOAD. */
    private <T> T eval(String script, ScriptOutputType type, String key, String... args) {
        try {
            return sync.eval(script, type, new String[] {key}, args);
        } catch (RuntimeException e) {
            throw failures.translate(e);
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
        // MGET in chunks, all sent at once on the shared connection (pipelined): each chunk is one command with
        // its own timeout, so a large batch neither blocks the server long nor trips the per-command timeout.
        // On a cluster connection Lettuce splits each MGET further by slot.
        List<String> all = new ArrayList<>(keys);
        List<RedisFuture<List<KeyValue<String, String>>>> replies = new ArrayList<>();
        try {
            for (int from = 0; from < all.size(); from += BATCH_CHUNK) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + BATCH_CHUNK));
                replies.add(async.mget(chunk.toArray(String[]::new)));
            }
            for (List<KeyValue<String, String>> reply : awaitAll(replies, all.size())) {
                for (KeyValue<String, String> entry : reply) {
                    if (entry.hasValue()) {
                        found.put(entry.getKey(), entry.getValue());
                    }
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
        List<RedisFuture<String>> replies = new ArrayList<>();
        try {
            if (ttl == null) {
                Map<String, String> chunk = new LinkedHashMap<>();
                for (Map.Entry<String, String> entry : entries.entrySet()) {
                    chunk.put(entry.getKey(), entry.getValue());
                    if (chunk.size() == BATCH_CHUNK) {
                        replies.add(async.mset(chunk));
                        chunk = new LinkedHashMap<>();
                    }
                }
                if (!chunk.isEmpty()) {
                    replies.add(async.mset(chunk));
                }
            } else {
                // No MSET with expiry: one SETEX per key, pipelined.
                entries.forEach((key, value) -> replies.add(async.setex(key, ttl.toSeconds(), value)));
            }
            awaitAll(replies, entries.size());
        } catch (RuntimeException e) {
            throw failures.translate(e);
        }
    }

    /**
     * Waits for pipelined replies. Each command times out on its own (Lettuce's timeout options); the overall
     * guard only covers a reply that never completes.
     */
    private <T> List<T> awaitAll(List<RedisFuture<T>> replies, int items) {
        long deadline = System.nanoTime() + commandTimeout.toNanos() * (1 + replies.size())
                + TimeUnit.MILLISECONDS.toNanos(items);
        List<T> results = new ArrayList<>(replies.size());
        try {
            for (RedisFuture<T> reply : replies) {
                results.add(reply.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
            return results;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw failures.unavailable("a batch of " + items + " keys did not finish in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failures.unavailable("interrupted while waiting for a batch of " + items + " keys", e);
        }
    }

    /** While Lettuce reconnects after losing the server. */
    @Override
    public Optional<String> unavailability() {
        return connected.getAsBoolean() ? Optional.empty()
                : Optional.of("cache unavailable: " + where + ": the connection was lost; reconnecting");
    }

    @Override
    public Map<String, Double> gauges() {
        return serverGauges.gauges();
    }

    @Override
    public void close() {
        serverGauges.close();
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
