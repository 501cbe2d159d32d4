package dev.elementkit.cache.metrics;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.CacheUnavailableException;
import dev.elementkit.cache.CacheValueException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
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
 *   <li>{@value #CALLS}, a timer per {@code operation} with its p50 and p99.</li>
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

    private CacheMetrics() {
    }

    /**
     * The cache recording every call into {@code registry}. Its {@code close()} closes {@code cache} and removes the
     * meters. Without metrics, use {@code cache} itself: nothing is recorded at no cost.
     */
    public static Cache metered(Cache cache, MeterRegistry registry, String typeFullName, String appId) {
        return new MeteredCache(cache, registry, Tags.of("cache", cache.fullName(), "type", typeFullName,
                "app", appId));
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
                case CALLS -> reading.add(meter.getId().getTag("operation"), (Timer) meter);
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
        double p50Ms;
        double p99Ms;

        Builder(String cache, String type, String app) {
            this.cache = cache;
            this.type = type;
            this.app = app;
        }

        void add(String operation, Timer timer) {
            long count = timer.count();
            if (count > 0) {
                calls.put(operation, count);
            }
            // The slowest operation's recent percentiles: one latency line per element stays honest about the worst.
            for (ValueAtPercentile value : timer.takeSnapshot().percentileValues()) {
                double ms = value.value(TimeUnit.MILLISECONDS);
                if (value.percentile() == 0.5) {
                    p50Ms = Math.max(p50Ms, ms);
                } else if (value.percentile() == 0.99) {
                    p99Ms = Math.max(p99Ms, ms);
                }
            }
        }

        CacheReading build() {
            return new CacheReading(cache, type, app, calls, hits, misses, errors, p50Ms, p99Ms);
        }
    }
}
