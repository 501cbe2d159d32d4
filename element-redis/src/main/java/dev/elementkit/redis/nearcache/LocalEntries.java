package dev.elementkit.redis.nearcache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The near cache's local store: bounded, aware of each entry's expiry, and never installing a value that was
 * fetched before an invalidation of its key.
 *
 * <p><b>The race it closes.</b> A read sends GET, the reply is on its way, another client writes the key, the
 * server's invalidation arrives, and only then does the reader hold the old value. So a reader takes a
 * {@link Ticket} before sending GET, and {@link #install} keeps the value only when neither the key's invalidation
 * counter nor the generation moved since. The check and the install run inside one per-key atomic
 * {@code compute}, as does {@link #invalidate}, so the two cannot interleave. Counters are striped: an invalidation
 * of another key in the same stripe only costs a skipped install, never a stale one.
 *
 * <p><b>Generations.</b> Emptying everything (a flush, a lost connection) starts a new generation; entries and
 * tickets of an older one are ignored from that instant, before the store is actually cleared.
 *
 * <p><b>Bounds.</b> One Caffeine weight bounds both entries and bytes: each entry weighs its bytes, but at least
 * {@code maxBytes / maxEntries}, so a total weight within {@code maxBytes} also means at most {@code maxEntries}.
 *
 * <p>Thread-safe.
 */
final class LocalEntries {

    /** Bytes counted per entry beyond its characters: the entry, its node in Caffeine, two string headers. */
    static final int ENTRY_OVERHEAD = 96;
    private static final int STRIPES = 4096;

    /** {@link Entry#expiresAtNanos} of a key without expiry. */
    static final long NEVER = Long.MAX_VALUE;

    /** An entry: the value, when it stops being valid by the ticker ({@link #NEVER}), its generation. */
    record Entry(String value, long expiresAtNanos, long generation) {
        boolean validAt(long nowNanos) {
            // Compared as a difference: the ticker (System.nanoTime) may be negative and wrap.
            return expiresAtNanos == NEVER || nowNanos - expiresAtNanos < 0;
        }
    }

    /** What a reader holds between taking it and installing what it fetched. */
    record Ticket(long generation, long keySequence) {
    }

    private final Cache<String, Entry> entries;
    private final Ticker ticker;
    private final AtomicLongArray sequences = new AtomicLongArray(STRIPES);
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private volatile long generation;

    LocalEntries(NearCacheSettings settings, Ticker ticker) {
        this.ticker = ticker;
        int minimumWeight = (int) Math.max(1, Math.min(Integer.MAX_VALUE, settings.maxBytes() / settings.maxEntries()));
        this.entries = Caffeine.newBuilder()
                .maximumWeight(settings.maxBytes())
                .weigher((String key, Entry entry) -> Math.max(minimumWeight, bytes(key, entry.value())))
                // Eviction work on the caller's thread: no ForkJoinPool tasks from a plugin that can be unloaded.
                .executor(Runnable::run)
                .ticker(ticker)
                .build();
    }

    static int bytes(String key, String value) {
        return (int) Math.min(Integer.MAX_VALUE, ENTRY_OVERHEAD + 2L * key.length() + 2L * value.length());
    }

    /** The key's value when held, valid in this generation and not expired; otherwise null (counted as a miss). */
    String fresh(String key) {
        Entry entry = entries.getIfPresent(key);
        if (entry != null && entry.generation == generation && entry.validAt(ticker.read())) {
            hits.increment();
            return entry.value;
        }
        misses.increment();
        return null;
    }

    /** Taken before the read that may be installed. */
    Ticket ticket(String key) {
        return new Ticket(generation, sequences.get(stripe(key)));
    }

    /**
     * Keeps {@code value} for {@code key} unless the key was invalidated or a new generation began since
     * {@code ticket} was taken.
     *
     * @param expiresAtNanos by the ticker, or {@link #NEVER}; the key's TTL measured from before the read was sent
     */
    void install(String key, Ticket ticket, String value, long expiresAtNanos) {
        int stripe = stripe(key);
        entries.asMap().compute(key, (k, old) ->
                ticket.generation == generation && ticket.keySequence == sequences.get(stripe)
                        ? new Entry(value, expiresAtNanos, ticket.generation) : old);
    }

    /** Drops the key and makes every ticket taken for it so far worthless. */
    void invalidate(String key) {
        int stripe = stripe(key);
        entries.asMap().compute(key, (k, old) -> {
            sequences.incrementAndGet(stripe);
            return null;
        });
    }

    /** Ends the generation: nothing held or fetched so far is served or installed. */
    void invalidateAll() {
        synchronized (this) {
            generation++;
        }
        entries.invalidateAll();
    }

    long ticks() {
        return ticker.read();
    }

    long size() {
        return entries.estimatedSize();
    }

    /** Hits over lookups since the start; 0 before the first lookup. */
    double hitRatio() {
        long hit = hits.sum();
        long lookups = hit + misses.sum();
        return lookups == 0 ? 0 : (double) hit / lookups;
    }

    /** Runs pending evictions, so that {@link #size()} is exact (for tests). */
    void cleanUp() {
        entries.cleanUp();
    }

    private static int stripe(String key) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }
}
