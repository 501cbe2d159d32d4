package dev.elementkit.cache.metrics;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.CacheUnavailableException;
import dev.elementkit.cache.CacheValueException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer metrics of cache elements, under the {@code cache.*} names Caffeine and Spring use, so that dashboards
 * made for those work here too:
 * <ul>
 *   <li>{@value #GETS} by {@code result} ({@code hit}, {@code miss}), {@value #PUTS}, {@value #REMOVALS};</li>
 *   <li>{@value #ERRORS} by {@code kind}: {@code unavailable} (the backend cannot serve), {@code value} (a stored
 *       value unusable as asked), {@code argument} (a bad key, TTL or value), {@code other};</li>
 *   <li>{@value #AVAILABLE}: 1 while the element can serve, 0 while it is unavailable (no I/O);</li>
 *   <li>{@code cache.backend.*}, gauges a backend gives cheaply (SQLite: file and WAL size);</li>
 *   <li>{@value #CALLS}, every call by {@code operation};</li>
 *   <li>{@value #LATENCY}, a timer per {@code operation} of its first 64 calls and then of a random
 *       {@value #LATENCY_SAMPLE_EVERY}th of the calls (timing every call would cost more than the 3 % of a fast get
 *       allowed), with the latency buckets
 *       {@link #LATENCY_BUCKETS}: in Prometheus, {@code histogram_quantile} gives any percentile, across processes
 *       too; its count is about {@value #CALLS} / {@value #LATENCY_SAMPLE_EVERY}.</li>
 * </ul>
 * Every meter carries the tags {@code cache} (the element's fullName, Micrometer's tag for a cache's name),
 * {@code type} (its Type's fullName) and {@code app} (the app id). No backend reports evictions to the host, so
 * there is no {@code cache.evictions}.
 */
public final class CacheMetrics {

    public static final String GETS = "cache.gets";
    public static final String PUTS = "cache.puts";
    public static final String REMOVALS = "cache.removals";
    public static final String ERRORS = "cache.errors";
    public static final String CALLS = "cache.calls";
    public static final String LATENCY = "cache.latency";
    /** After an operation's first 64 calls, one in this many, chosen at random, is timed into {@value #LATENCY}. */
    public static final int LATENCY_SAMPLE_EVERY = 8;
    /** 1 while the element can serve, 0 while unavailable: Redis' connected state, and every other backend's. */
    public static final String AVAILABLE = "cache.available";
    /** Before the name of each of a backend's own figures ({@link dev.elementkit.cache.spi.BackendGauges}). */
    public static final String BACKEND_PREFIX = "cache.backend.";

    /** From a near cache's 10 µs to a slow network's second; a percentile is interpolated inside its bucket. */
    public static final Duration[] LATENCY_BUCKETS = {Duration.ofNanos(10_000), Duration.ofNanos(25_000),
        Duration.ofNanos(50_000), Duration.ofNanos(100_000), Duration.ofNanos(250_000), Duration.ofNanos(500_000),
        Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5), Duration.ofMillis(10),
        Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
        Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5)};

    private CacheMetrics() {
    }

    /**
     * The cache recording every call into {@code registry}. When the element goes, the host closes {@code cache}
     * through its Type and calls {@link #forget} on this one. Without metrics, use {@code cache} itself: nothing is
     * recorded at no cost.
     */
    public static Cache metered(Cache cache, MeterRegistry registry, String typeFullName, String appId) {
        return metered(cache, registry, typeFullName, appId, LATENCY_SAMPLE_EVERY);
    }

    /** As {@link #metered(Cache, MeterRegistry, String, String)}, timing one call in {@code latencySampleEvery}. */
    static Cache metered(Cache cache, MeterRegistry registry, String typeFullName, String appId,
                         int latencySampleEvery) {
        return new MeteredCache(cache, registry, Tags.of("cache", cache.fullName(), "type", typeFullName,
                "app", appId), latencySampleEvery);
    }

    /** Removes the meters of a cache {@link #metered} returned; anything else is left alone. */
    public static void forget(Cache metered) {
        if (metered instanceof MeteredCache cache) {
            cache.forgetMeters();
        }
    }

    /** The kind a failed call is counted under in {@value #ERRORS}. */
    static String errorKind(RuntimeException e) {
        if (e instanceof CacheUnavailableException) {
            return "unavailable";
        }
        if (e instanceof CacheValueException) {
            return "value";
        }
        if (e instanceof IllegalArgumentException) {
            return "argument";
        }
        return "other";
    }

    /** What {@code registry} holds now for every metered cache, by fullName in name order. */
    public static Map<String, CacheReading> read(MeterRegistry registry) {
        Map<String, Builder> byCache = new TreeMap<>();
        for (Meter meter : registry.getMeters()) {
            String name = meter.getId().getName();
            String cache = meter.getId().getTag("cache");
            if (cache == null || !name.startsWith("cache.")) {
                continue;
            }
            Builder reading = byCache.computeIfAbsent(cache, k -> new Builder(cache, meter.getId().getTag("type"),
                    meter.getId().getTag("app")));
            switch (name) {
                case GETS -> {
                    long count = (long) ((Counter) meter).count();
                    if ("hit".equals(meter.getId().getTag("result"))) {
                        reading.hits += count;
                    } else {
                        reading.misses += count;
                    }
                }
                case ERRORS -> reading.errors += (long) ((Counter) meter).count();
                case CALLS -> {
                    long count = (long) ((Counter) meter).count();
                    if (count > 0) {
                        reading.calls.put(meter.getId().getTag("operation"), count);
                    }
                }
                case LATENCY -> reading.addLatency((Timer) meter);
                default -> {
                }
            }
        }
        Map<String, CacheReading> readings = new LinkedHashMap<>();
        byCache.forEach((cache, builder) -> readings.put(cache, builder.build()));
        return readings;
    }

    private static final class Builder {
        final String cache;
        final String type;
        final String app;
        final Map<String, Long> calls = new TreeMap<>();
        long hits;
        long misses;
        long errors;
        final TreeMap<Double, Long> latency = new TreeMap<>();

        Builder(String cache, String type, String app) {
            this.cache = cache;
            this.type = type;
            this.app = app;
        }

        void addLatency(Timer timer) {
            long count = timer.count();
            // Same buckets in every operation's timer: their counts add up to the element's latency histogram.
            for (CountAtBucket bucket : timer.takeSnapshot().histogramCounts()) {
                latency.merge(bucket.bucket(TimeUnit.MILLISECONDS), (long) bucket.count(), Long::sum);
            }
            latency.merge(Double.POSITIVE_INFINITY, count, Long::sum);
        }

        CacheReading build() {
            return new CacheReading(cache, type, app, calls, hits, misses, errors, latency);
        }
    }
}
