package ${package};

import dev.elementkit.cache.CacheValueException;
import dev.elementkit.cache.RateLimit;
import dev.elementkit.cache.glob.GlobPattern;
import dev.elementkit.cache.spi.CacheBackend;
import dev.elementkit.cache.spi.SlidingWindowLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One in-process store. Keys arrive already prefixed with the app ({@code {appId}:}) and values as text; the
 * meaning of each {@code Cache} call lives in cache-elements. Every method holds the store's lock, which makes each
 * call one atomic step, as the contract's add, counters, locks and rate limits require.
 */
final class ${typeName}Backend implements CacheBackend {

    private record Entry(String value, long expiresAt) {
        boolean live(long now) {
            return expiresAt > now;
        }
    }

    private final Map<String, Entry> entries = new HashMap<>();

    @Override
    public synchronized String get(String key) {
        Entry entry = live(key);
        return entry == null ? null : entry.value();
    }

    @Override
    public synchronized void set(String key, String value, Duration ttl) {
        entries.put(key, new Entry(value, expiresAt(ttl)));
    }

    @Override
    public synchronized long incrBy(String key, long amount) {
        return incrBy(key, amount, null);
    }

    @Override
    public synchronized long incrBy(String key, long amount, Duration ttlIfCreated) {
        Entry entry = live(key);
        long current;
        try {
            current = entry == null ? 0 : Long.parseLong(entry.value());
        } catch (NumberFormatException e) {
            throw new CacheValueException("key '" + key + "' does not hold a whole number; nothing was changed");
        }
        long result;
        try {
            result = Math.addExact(current, amount);
        } catch (ArithmeticException e) {
            throw new CacheValueException("adding " + amount + " to key '" + key
                    + "' leaves the 64-bit integer range; nothing was changed");
        }
        entries.put(key, new Entry(Long.toString(result), entry == null ? expiresAt(ttlIfCreated) : entry.expiresAt()));
        return result;
    }

    @Override
    public synchronized boolean expire(String key, Duration ttl) {
        Entry entry = live(key);
        if (entry != null) {
            entries.put(key, new Entry(entry.value(), expiresAt(ttl)));
        }
        return entry != null;
    }

    @Override
    public synchronized long ttlMillis(String key) {
        Entry entry = live(key);
        if (entry == null) {
            return -2;
        }
        return entry.expiresAt() == Long.MAX_VALUE ? -1 : Math.max(1, entry.expiresAt() - now());
    }

    @Override
    public synchronized boolean exists(String key) {
        return live(key) != null;
    }

    @Override
    public synchronized boolean delete(String key) {
        return getAndDelete(key) != null;
    }

    @Override
    public synchronized List<String> keys(GlobPattern pattern) {
        List<String> keys = new ArrayList<>();
        long now = now();
        entries.forEach((key, entry) -> {
            if (entry.live(now) && pattern.matches(key)) {
                keys.add(key);
            }
        });
        return keys;
    }

    @Override
    public boolean ping() {
        return true;
    }

    @Override
    public synchronized boolean add(String key, String value, Duration ttl) {
        if (live(key) != null) {
            return false;
        }
        set(key, value, ttl);
        return true;
    }

    @Override
    public synchronized String getAndDelete(String key) {
        Entry entry = live(key);
        entries.remove(key);
        return entry == null ? null : entry.value();
    }

    @Override
    public synchronized boolean deleteIfEquals(String key, String expected) {
        Entry entry = live(key);
        return entry != null && entry.value().equals(expected) && entries.remove(key) != null;
    }

    @Override
    public synchronized boolean expireIfEquals(String key, String expected, Duration ttl) {
        Entry entry = live(key);
        return entry != null && entry.value().equals(expected) && expire(key, ttl);
    }

    @Override
    public synchronized long deleteByPrefix(String prefix) {
        long before = entries.size();
        entries.keySet().removeIf(key -> key.startsWith(prefix));
        return before - entries.size();
    }

    @Override
    public synchronized RateLimit rateLimit(String key, long limit, Duration window) {
        Entry entry = live(key);
        long now = now();
        SlidingWindowLog.Decision decision = SlidingWindowLog.decide(entry == null ? null : entry.value(), now, limit,
                window);
        if (decision.stored() == null) {
            entries.remove(key);
        } else {
            entries.put(key, new Entry(decision.stored(), now + window.toMillis()));
        }
        return decision.result();
    }

    /** The store outlives its elements: nothing to close here (the plugin owns it, see the Type). */
    @Override
    public void close() {
    }

    /** The live entry, dropping it when expired. */
    private Entry live(String key) {
        Entry entry = entries.get(key);
        if (entry != null && !entry.live(now())) {
            entries.remove(key);
            return null;
        }
        return entry;
    }

    private static long expiresAt(Duration ttl) {
        return ttl == null ? Long.MAX_VALUE : now() + ttl.toMillis();
    }

    private static long now() {
        return System.currentTimeMillis();
    }
}
