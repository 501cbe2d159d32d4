package dev.elementkit.cache.metrics;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.CacheLock;
import dev.elementkit.cache.RateLimit;
import dev.elementkit.cache.spi.BackendGauges;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.pause.NoPauseDetector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A {@link Cache} that records every call of the one it wraps: the host wraps each cache element in one, so every
 * backend is measured the same way and a plugin records nothing itself. All meters are looked up once here.
 *
 * <p>Every call is counted (a striped {@code LongAdder}, no clock). Each operation's first
 * {@value #TIME_EVERY_CALL_UNTIL} calls are timed, so a little-used element's latency is all there; after that one
 * call in {@code latencySampleEvery}, chosen at random. Timing is what costs: on a virtual machine a clock read is
 * 100-200 ns, and a timed call reads it four times (start, end, and the timer's time-window max and histogram each
 * check whether to rotate), which was 18-20 % of a SQLite get at 32 threads. A random sample of calls gives the same
 * percentiles.
 */
final class MeteredCache implements Cache {

    static final int TIME_EVERY_CALL_UNTIL = 64;

    private final Cache cache;
    private final MeterRegistry registry;
    private final int latencySampleEvery;
    /** By {@link CacheOperation#ordinal()}: an array index on the hot path, not a map or tag lookup. */
    private final Counter[] calls = new Counter[CacheOperation.values().length];
    private final Timer[] latency = new Timer[CacheOperation.values().length];
    /**
     * True once an operation's timer holds {@value #TIME_EVERY_CALL_UNTIL} calls. Plain, not volatile: it only ever
     * turns true, and a thread that sees it late times a few more calls than needed.
     */
    private final boolean[] sampling = new boolean[CacheOperation.values().length];
    private final Counter hits;
    private final Counter misses;
    private final Counter puts;
    private final Counter removals;
    private final Counter unavailable;
    private final Counter valueErrors;
    private final Counter argumentErrors;
    private final Counter otherErrors;
    private final List<Meter> meters = new ArrayList<>();

    /** @param latencySampleEvery 1 times every call; n times a random one in n */
    MeteredCache(Cache cache, MeterRegistry registry, Tags tags, int latencySampleEvery) {
        if (latencySampleEvery < 1) {
            throw new IllegalArgumentException("latencySampleEvery must be at least 1, not " + latencySampleEvery);
        }
        this.cache = cache;
        this.registry = registry;
        this.latencySampleEvery = latencySampleEvery;
        for (CacheOperation operation : CacheOperation.values()) {
            Tags operationTags = tags.and("operation", operation.tagValue());
            calls[operation.ordinal()] = counter(CacheMetrics.CALLS, "Calls of the cache element by operation",
                    operationTags);
            latency[operation.ordinal()] = keep(Timer.builder(CacheMetrics.LATENCY)
                    .description("Latency of a random 1 in " + latencySampleEvery + " calls, by operation")
                    .tags(operationTags)
                    // Fixed buckets, not client-side percentiles: a record is one bucket increment (percentiles
                    // cost six contended atomics per call), Prometheus aggregates them across processes, and the
                    // portal's p50/p99 come from their differences.
                    .serviceLevelObjectives(CacheMetrics.LATENCY_BUCKETS)
                    // Micrometer's default pause detector gives every timer a LatencyUtils interval estimator: one
                    // more clock read and one AtomicLong all threads increment, per record. It only corrects
                    // client-side percentiles for GC pauses, and these timers publish none.
                    .pauseDetector(new NoPauseDetector())
                    .register(registry));
        }
        hits = counter(CacheMetrics.GETS, "Gets by result", tags.and("result", "hit"));
        misses = counter(CacheMetrics.GETS, "Gets by result", tags.and("result", "miss"));
        puts = counter(CacheMetrics.PUTS, "Entries stored", tags);
        removals = counter(CacheMetrics.REMOVALS, "Entries removed by a call", tags);
        unavailable = counter(CacheMetrics.ERRORS, "Failed calls by kind", tags.and("kind", "unavailable"));
        valueErrors = counter(CacheMetrics.ERRORS, "Failed calls by kind", tags.and("kind", "value"));
        argumentErrors = counter(CacheMetrics.ERRORS, "Failed calls by kind", tags.and("kind", "argument"));
        otherErrors = counter(CacheMetrics.ERRORS, "Failed calls by kind", tags.and("kind", "other"));
        // Every backend's connected state (Redis reconnecting, a SQLite file failing), from what it last found.
        keep(Gauge.builder(CacheMetrics.AVAILABLE, cache, c -> c.unavailability().isEmpty() ? 1 : 0)
                .description("1 while the element can serve as far as it knows, 0 while it is unavailable")
                .tags(tags).register(registry));
        if (cache instanceof BackendGauges backend) {
            for (String name : backend.gauges().keySet()) {
                keep(Gauge.builder(CacheMetrics.BACKEND_PREFIX + name, backend,
                                b -> b.gauges().getOrDefault(name, Double.NaN))
                        .tags(tags).register(registry));
            }
        }
    }

    private Counter counter(String name, String description, Tags tags) {
        return keep(Counter.builder(name).description(description).tags(tags).register(registry));
    }

    private <M extends Meter> M keep(M meter) {
        meters.add(meter);
        return meter;
    }

    /**
     * Runs one call, counting it, timing it when sampled and counting its failure by kind: the one place every
     * operation is measured. The lambda costs nothing measurable: the JIT inlines this and the call site.
     */
    private <T> T timed(CacheOperation operation, Supplier<T> call) {
        int op = operation.ordinal();
        calls[op].increment();
        boolean sampled = !sampling[op] || ThreadLocalRandom.current().nextInt(latencySampleEvery) == 0;
        long start = sampled ? System.nanoTime() : 0;
        try {
            return call.get();
        } catch (RuntimeException e) {
            errorCounter(e).increment();
            throw e;
        } finally {
            if (sampled) {
                Timer timer = latency[op];
                timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                if (!sampling[op] && latencySampleEvery > 1 && timer.count() >= TIME_EVERY_CALL_UNTIL) {
                    sampling[op] = true;
                }
            }
        }
    }

    private Counter errorCounter(RuntimeException e) {
        return switch (CacheMetrics.errorKind(e)) {
            case "unavailable" -> unavailable;
            case "value" -> valueErrors;
            case "argument" -> argumentErrors;
            default -> otherErrors;
        };
    }

    private <T> T got(T value) {
        (value == null ? misses : hits).increment();
        return value;
    }

    private boolean stored(boolean done) {
        if (done) {
            puts.increment();
        }
        return done;
    }

    @Override
    public String fullName() {
        return cache.fullName();
    }

    @Override
    public Optional<String> unavailability() {
        return cache.unavailability();
    }

    @Override
    public String get(String key) {
        return got(timed(CacheOperation.GET, () -> cache.get(key)));
    }

    @Override
    public <T> T get(String key, Class<T> type) {
        return got(timed(CacheOperation.GET, () -> cache.get(key, type)));
    }

    @Override
    public Number getNumeric(String key) {
        // A missing key reads as 0, so the result cannot tell hit from miss: counted as a call only.
        return timed(CacheOperation.GET, () -> cache.getNumeric(key));
    }

    @Override
    public boolean set(String key, Object value) {
        return stored(timed(CacheOperation.SET, () -> cache.set(key, value)));
    }

    @Override
    public boolean set(String key, Object value, long ttlSeconds) {
        return stored(timed(CacheOperation.SET, () -> cache.set(key, value, ttlSeconds)));
    }

    @Override
    public boolean setNumeric(String key, Number value) {
        return stored(timed(CacheOperation.SET, () -> cache.setNumeric(key, value)));
    }

    @Override
    public boolean setNumeric(String key, Number value, long ttlSeconds) {
        return stored(timed(CacheOperation.SET, () -> cache.setNumeric(key, value, ttlSeconds)));
    }

    @Override
    public long incr(String key) {
        return timed(CacheOperation.INCR, () -> cache.incr(key));
    }

    @Override
    public long incr(String key, long amount) {
        return timed(CacheOperation.INCR, () -> cache.incr(key, amount));
    }

    @Override
    public long incr(String key, long amount, long ttlSeconds) {
        return timed(CacheOperation.INCR, () -> cache.incr(key, amount, ttlSeconds));
    }

    @Override
    public boolean add(String key, Object value) {
        return stored(timed(CacheOperation.ADD, () -> cache.add(key, value)));
    }

    @Override
    public boolean add(String key, Object value, long ttlSeconds) {
        return stored(timed(CacheOperation.ADD, () -> cache.add(key, value, ttlSeconds)));
    }

    @Override
    public String getAndDelete(String key) {
        return removed(got(timed(CacheOperation.GET_AND_DELETE, () -> cache.getAndDelete(key))));
    }

    @Override
    public <T> T getAndDelete(String key, Class<T> type) {
        return removed(got(timed(CacheOperation.GET_AND_DELETE, () -> cache.getAndDelete(key, type))));
    }

    private <T> T removed(T value) {
        if (value != null) {
            removals.increment();
        }
        return value;
    }

    @Override
    public long clear() {
        long cleared = timed(CacheOperation.CLEAR, cache::clear);
        removals.increment(cleared);
        return cleared;
    }

    @Override
    public RateLimit rateLimit(String key, long limit, Duration window) {
        return timed(CacheOperation.RATE_LIMIT, () -> cache.rateLimit(key, limit, window));
    }

    @Override
    public String remember(String key, long ttlSeconds, Callable<?> loader) {
        return timed(CacheOperation.REMEMBER, () -> cache.remember(key, ttlSeconds, loader));
    }

    @Override
    public String remember(String key, long ttlSeconds, long jitterSeconds, Callable<?> loader) {
        return timed(CacheOperation.REMEMBER, () -> cache.remember(key, ttlSeconds, jitterSeconds, loader));
    }

    @Override
    public <T> T remember(String key, long ttlSeconds, Class<T> type, Callable<? extends T> loader) {
        return timed(CacheOperation.REMEMBER, () -> cache.remember(key, ttlSeconds, type, loader));
    }

    @Override
    public <T> T remember(String key, long ttlSeconds, long jitterSeconds, Class<T> type,
                          Callable<? extends T> loader) {
        return timed(CacheOperation.REMEMBER, () -> cache.remember(key, ttlSeconds, jitterSeconds, type, loader));
    }

    @Override
    public Optional<CacheLock> tryLock(String name, long leaseSeconds) {
        return timed(CacheOperation.LOCK, () -> cache.tryLock(name, leaseSeconds));
    }

    @Override
    public CacheLock lock(String name, long leaseSeconds, Duration waitTimeout) {
        return timed(CacheOperation.LOCK, () -> cache.lock(name, leaseSeconds, waitTimeout));
    }

    @Override
    public boolean expire(String key, long ttlSeconds) {
        return timed(CacheOperation.EXPIRE, () -> cache.expire(key, ttlSeconds));
    }

    @Override
    public long ttl(String key) {
        return timed(CacheOperation.TTL, () -> cache.ttl(key));
    }

    @Override
    public boolean exists(String key) {
        return timed(CacheOperation.EXISTS, () -> cache.exists(key));
    }

    @Override
    public boolean delete(String key) {
        boolean deleted = timed(CacheOperation.DELETE, () -> cache.delete(key));
        if (deleted) {
            removals.increment();
        }
        return deleted;
    }

    @Override
    public List<String> keys() {
        return timed(CacheOperation.KEYS, () -> cache.keys());
    }

    @Override
    public List<String> keys(String pattern) {
        return timed(CacheOperation.KEYS, () -> cache.keys(pattern));
    }

    @Override
    public Map<String, String> getAll(Collection<String> keys) {
        Map<String, String> found = timed(CacheOperation.GET_ALL, () -> cache.getAll(keys));
        hits.increment(found.size());
        misses.increment(Math.max(0, keys.size() - found.size()));
        return found;
    }

    @Override
    public void setAll(Map<String, ?> entries) {
        timed(CacheOperation.SET_ALL, () -> {
            cache.setAll(entries);
            return null;
        });
        puts.increment(entries.size());
    }

    @Override
    public void setAll(Map<String, ?> entries, long ttlSeconds) {
        timed(CacheOperation.SET_ALL, () -> {
            cache.setAll(entries, ttlSeconds);
            return null;
        });
        puts.increment(entries.size());
    }

    @Override
    public boolean ping() {
        return timed(CacheOperation.PING, cache::ping);
    }

    @Override
    public void disconnect() {
        cache.disconnect();
    }

    /** Forgets its meters, so that a deleted element leaves no series behind; the host closes the cache itself. */
    void forgetMeters() {
        meters.forEach(registry::remove);
    }

    @Override
    public String toString() {
        return cache.toString();
    }
}
