package dev.elementkit.cache.memory;

import dev.elementkit.cache.CacheValueException;
import dev.elementkit.cache.RateLimit;
import dev.elementkit.cache.glob.GlobPattern;
import dev.elementkit.cache.spi.CacheBackend;
import dev.elementkit.cache.spi.SlidingWindowLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The reference backend: a "server" in memory whose data outlives its connections, on a clock the test controls.
 * Each call is one atomic step on one key ({@link ConcurrentHashMap#compute}), which is what a real server gives,
 * so the whole cache contract runs against it in the cache-elements module itself, in seconds.
 *
 * <p>Thread-safe. Expired entries count as missing and are dropped when next touched.
 */
public final class InMemoryServer {

    private static final long NEVER = Long.MAX_VALUE;

    private record Entry(String value, long expiresAt) {
        boolean liveAt(long now) {
            return expiresAt > now;
        }
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final LongSupplier clockMillis;

    /** @param clockMillis "now" in epoch milliseconds; expiries and rate windows follow it */
    public InMemoryServer(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    /** A new connection to this server; closing it leaves the data. */
    public CacheBackend connect() {
        return new Connection();
    }

    /** Every live key, for tests that look at the server directly. */
    public List<String> liveKeys() {
        long now = clockMillis.getAsLong();
        List<String> keys = new ArrayList<>();
        entries.forEach((key, entry) -> {
            if (entry.liveAt(now)) {
                keys.add(key);
            }
        });
        return keys;
    }

    private final class Connection implements CacheBackend {

        private volatile boolean closed;

        @Override
        public String get(String key) {
            Entry entry = entries.get(open(key));
            return entry != null && entry.liveAt(now()) ? entry.value() : null;
        }

        @Override
        public void set(String key, String value, Duration ttl) {
            entries.put(open(key), new Entry(value, expiresAt(ttl)));
        }

        @Override
        public long incrBy(String key, long amount) {
            return incrBy(key, amount, null);
        }

        @Override
        public long incrBy(String key, long amount, Duration ttlIfCreated) {
            long[] result = new long[1];
            entries.compute(open(key), (k, entry) -> {
                long now = now();
                if (entry == null || !entry.liveAt(now)) {
                    result[0] = amount;
                    return new Entry(Long.toString(amount), expiresAt(ttlIfCreated));
                }
                long current = wholeNumber(k, entry.value());
                try {
                    result[0] = Math.addExact(current, amount);
                } catch (ArithmeticException overflow) {
                    throw new CacheValueException("cannot add " + amount + " to key '" + k
                            + "': the result would leave the 64-bit integer range; nothing was changed");
                }
                return new Entry(Long.toString(result[0]), entry.expiresAt());
            });
            return result[0];
        }

        @Override
        public boolean expire(String key, Duration ttl) {
            boolean[] found = new boolean[1];
            entries.computeIfPresent(open(key), (k, entry) -> {
                if (!entry.liveAt(now())) {
                    return null;
                }
                found[0] = true;
                return new Entry(entry.value(), expiresAt(ttl));
            });
            return found[0];
        }

        @Override
        public long ttlMillis(String key) {
            Entry entry = entries.get(open(key));
            long now = now();
            if (entry == null || !entry.liveAt(now)) {
                return -2;
            }
            return entry.expiresAt() == NEVER ? -1 : Math.max(1, entry.expiresAt() - now);
        }

        @Override
        public boolean exists(String key) {
            return get(key) != null;
        }

        @Override
        public boolean delete(String key) {
            return getAndDelete(key) != null;
        }

        @Override
        public List<String> keys(GlobPattern pattern) {
            open(pattern.toString());
            long now = now();
            List<String> keys = new ArrayList<>();
            entries.forEach((key, entry) -> {
                if (entry.liveAt(now) && pattern.matches(key)) {
                    keys.add(key);
                }
            });
            return keys;
        }

        @Override
        public boolean ping() {
            return !closed;
        }

        @Override
        public boolean add(String key, String value, Duration ttl) {
            boolean[] stored = new boolean[1];
            entries.compute(open(key), (k, entry) -> {
                if (entry != null && entry.liveAt(now())) {
                    return entry;
                }
                stored[0] = true;
                return new Entry(value, expiresAt(ttl));
            });
            return stored[0];
        }

        @Override
        public String getAndDelete(String key) {
            String[] value = new String[1];
            entries.computeIfPresent(open(key), (k, entry) -> {
                if (entry.liveAt(now())) {
                    value[0] = entry.value();
                }
                return null;
            });
            return value[0];
        }

        @Override
        public boolean deleteIfEquals(String key, String expected) {
            boolean[] deleted = new boolean[1];
            entries.computeIfPresent(open(key), (k, entry) -> {
                if (!entry.liveAt(now())) {
                    return null;
                }
                deleted[0] = entry.value().equals(expected);
                return deleted[0] ? null : entry;
            });
            return deleted[0];
        }

        @Override
        public boolean expireIfEquals(String key, String expected, Duration ttl) {
            boolean[] set = new boolean[1];
            entries.computeIfPresent(open(key), (k, entry) -> {
                if (!entry.liveAt(now())) {
                    return null;
                }
                set[0] = entry.value().equals(expected);
                return set[0] ? new Entry(entry.value(), expiresAt(ttl)) : entry;
            });
            return set[0];
        }

        @Override
        public long deleteByPrefix(String prefix) {
            if (open(prefix).isEmpty()) {
                throw new IllegalArgumentException("deleteByPrefix needs a non-empty prefix");
            }
            long[] deleted = new long[1];
            for (String key : entries.keySet()) {
                if (key.startsWith(prefix)) {
                    entries.computeIfPresent(key, (k, entry) -> {
                        if (entry.liveAt(now())) {
                            deleted[0]++;
                        }
                        return null;
                    });
                }
            }
            return deleted[0];
        }

        @Override
        public RateLimit rateLimit(String key, long limit, Duration window) {
            RateLimit[] result = new RateLimit[1];
            entries.compute(open(key), (k, entry) -> {
                long now = now();
                String stored = entry != null && entry.liveAt(now) ? entry.value() : null;
                SlidingWindowLog.Decision decision = SlidingWindowLog.decide(stored, now, limit, window);
                result[0] = decision.result();
                return decision.stored() == null ? null : new Entry(decision.stored(), now + window.toMillis());
            });
            return result[0];
        }

        @Override
        public void close() {
            closed = true;
        }

        private String open(String subject) {
            if (closed) {
                throw new IllegalStateException("this in-memory connection was closed");
            }
            return subject;
        }

        private long now() {
            return clockMillis.getAsLong();
        }

        private long expiresAt(Duration ttl) {
            return ttl == null ? NEVER : now() + ttl.toMillis();
        }

        /** Redis' rule for INCR: canonical decimal text of a 64-bit integer, nothing else. */
        private static long wholeNumber(String key, String text) {
            if (text.matches("-?(0|[1-9][0-9]{0,18})")) {
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException tooLarge) {
                    // falls through to the refusal
                }
            }
            throw new CacheValueException("cannot increment key '" + key + "': its value is not a whole number; "
                    + "nothing was changed");
        }
    }
}
