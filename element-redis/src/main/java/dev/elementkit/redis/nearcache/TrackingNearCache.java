package dev.elementkit.redis.nearcache;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.elementkit.cache.RateLimit;
import dev.elementkit.cache.glob.GlobPattern;
import dev.elementkit.cache.spi.CacheBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link NearCache} on {@link LocalEntries}: single-key reads are served locally while the server tracks them;
 * every write goes to the server and then drops the key locally, so that this process reads its own writes at once
 * (the server's invalidation of our own write arrives later).
 *
 * <p><b>Tracking state.</b> Off at the start and after every {@link #trackingLost}; the next read turns it on
 * ({@code CLIENT TRACKING ON} on the connection as it is then) and only a success, with no loss in between, starts a
 * new generation and lets reads be served and installed again. While it is off, reads go to the server.
 */
final class TrackingNearCache implements NearCache {

    private static final Logger LOG = LoggerFactory.getLogger(TrackingNearCache.class);

    /** After the server refused tracking, how long reads go to the network before the next attempt. */
    static final Duration RETRY_TRACKING = Duration.ofSeconds(1);

    private final CacheBackend network;
    private final TrackedConnection connection;
    private final LocalEntries local;
    private final Ticker ticker;
    private final Object state = new Object();
    private final AtomicBoolean enabling = new AtomicBoolean();
    private volatile boolean tracking;
    /** How many times tracking was lost: an attempt to turn it on counts only if none happened meanwhile. */
    private long losses;
    private volatile long nextAttemptNanos;
    private volatile boolean refusalLogged;

    TrackingNearCache(CacheBackend network, TrackedConnection connection, LocalEntries local, Ticker ticker) {
        this.network = network;
        this.connection = connection;
        this.local = local;
        this.ticker = ticker;
        this.nextAttemptNanos = ticker.read();
    }

    @Override
    public String get(String key) {
        if (tracking) {
            String held = local.fresh(key);
            return held != null ? held : fetchAndKeep(key);
        }
        return startTracking() ? fetchAndKeep(key) : network.get(key);
    }

    private String fetchAndKeep(String key) {
        LocalEntries.Ticket ticket = local.ticket(key);
        long sentAt = local.ticks();
        TrackedConnection.Fetched fetched = connection.fetch(key);
        if (fetched.value() != null && fetched.ttlMillis() != -2) {
            long expiresAt = fetched.ttlMillis() < 0 ? LocalEntries.NEVER
                    : sentAt + Duration.ofMillis(fetched.ttlMillis()).toNanos();
            local.install(key, ticket, fetched.value(), expiresAt);
        }
        return fetched.value();
    }

    /** Turns tracking on unless another thread is doing so or the last refusal was too recent; true when on. */
    private boolean startTracking() {
        if (ticker.read() - nextAttemptNanos < 0 || !enabling.compareAndSet(false, true)) {
            return false;
        }
        try {
            long observed;
            synchronized (state) {
                observed = losses;
            }
            connection.enableTracking();
            synchronized (state) {
                if (losses == observed) {
                    local.invalidateAll();
                    tracking = true;
                }
            }
            refusalLogged = false;
            return tracking;
        } catch (RuntimeException e) {
            nextAttemptNanos = ticker.read() + RETRY_TRACKING.toNanos();
            if (!refusalLogged) {
                refusalLogged = true;
                LOG.warn("near cache off: client tracking could not be turned on ({}); reads go to the server and "
                        + "tracking is tried again every {} ms", e.getMessage(), RETRY_TRACKING.toMillis());
            }
            return false;
        } finally {
            enabling.set(false);
        }
    }

    @Override
    public void invalidated(String key) {
        local.invalidate(key);
    }

    @Override
    public void flushed() {
        local.invalidateAll();
    }

    @Override
    public void trackingLost(String reason) {
        synchronized (state) {
            tracking = false;
            losses++;
        }
        local.invalidateAll();
        LOG.debug("near cache emptied: {}", reason);
    }

    /** Runs a write on the server, then drops the key locally, whether or not the write came through. */
    private <T> T write(String key, Supplier<T> call) {
        try {
            return call.get();
        } finally {
            local.invalidate(key);
        }
    }

    @Override
    public void set(String key, String value, Duration ttl) {
        write(key, () -> {
            network.set(key, value, ttl);
            return null;
        });
    }

    @Override
    public boolean add(String key, String value, Duration ttl) {
        return write(key, () -> network.add(key, value, ttl));
    }

    @Override
    public long incrBy(String key, long amount) {
        return write(key, () -> network.incrBy(key, amount));
    }

    @Override
    public long incrBy(String key, long amount, Duration ttlIfCreated) {
        return write(key, () -> network.incrBy(key, amount, ttlIfCreated));
    }

    @Override
    public boolean expire(String key, Duration ttl) {
        return write(key, () -> network.expire(key, ttl));
    }

    @Override
    public boolean delete(String key) {
        return write(key, () -> network.delete(key));
    }

    @Override
    public String getAndDelete(String key) {
        return write(key, () -> network.getAndDelete(key));
    }

    @Override
    public boolean deleteIfEquals(String key, String expected) {
        return write(key, () -> network.deleteIfEquals(key, expected));
    }

    @Override
    public boolean expireIfEquals(String key, String expected, Duration ttl) {
        return write(key, () -> network.expireIfEquals(key, expected, ttl));
    }

    @Override
    public RateLimit rateLimit(String key, long limit, Duration window) {
        return write(key, () -> network.rateLimit(key, limit, window));
    }

    /** Drops everything locally (not just the prefix): clearing is rare, and other apps' entries refill on use. */
    @Override
    public long deleteByPrefix(String prefix) {
        try {
            return network.deleteByPrefix(prefix);
        } finally {
            local.invalidateAll();
        }
    }

    @Override
    public void setAll(Map<String, String> entries, Duration ttl) {
        try {
            network.setAll(entries, ttl);
        } finally {
            entries.keySet().forEach(local::invalidate);
        }
    }

    /** Held keys locally, the rest in one batch from the server (not installed: the batch reads no TTLs). */
    @Override
    public Map<String, String> getAll(Collection<String> keys) {
        if (!tracking) {
            return network.getAll(keys);
        }
        Map<String, String> found = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String key : keys) {
            String held = local.fresh(key);
            if (held != null) {
                found.put(key, held);
            } else {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            found.putAll(network.getAll(missing));
        }
        return found;
    }

    @Override
    public long ttlMillis(String key) {
        return network.ttlMillis(key);
    }

    @Override
    public boolean exists(String key) {
        return network.exists(key);
    }

    @Override
    public List<String> keys(GlobPattern pattern) {
        return network.keys(pattern);
    }

    @Override
    public boolean ping() {
        return network.ping();
    }

    @Override
    public Optional<String> unavailability() {
        return network.unavailability();
    }

    /** The server's figures and the near cache's: entries held and the share of reads served locally. */
    @Override
    public Map<String, Double> gauges() {
        Map<String, Double> gauges = new LinkedHashMap<>(network.gauges());
        gauges.put("nearcache.size", (double) local.size());
        gauges.put("nearcache.hit.ratio", local.hitRatio());
        return gauges;
    }

    @Override
    public void close() {
        connection.close();
        local.invalidateAll();
        network.close();
    }

    @Override
    public String toString() {
        return "NearCache[" + network + "]";
    }
}
