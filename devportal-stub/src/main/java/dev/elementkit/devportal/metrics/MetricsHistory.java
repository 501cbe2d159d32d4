package dev.elementkit.devportal.metrics;

import dev.elementkit.cache.metrics.CacheMetrics;
import dev.elementkit.cache.metrics.CacheReading;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * The last 15 minutes of every metered cache element: {@link #sample()} (every {@value #INTERVAL_SECONDS} s, by
 * whoever owns this) turns the registry's running totals into one {@link MetricsPoint} per element, kept in a ring of
 * {@value #POINTS}. Metrics are per process: this sees the calls of the process it runs in only.
 *
 * <p>Thread-safe: one sampler thread writes, any request thread reads.
 */
public final class MetricsHistory {

    public static final int INTERVAL_SECONDS = 10;
    public static final int POINTS = 90;

    private final MeterRegistry registry;
    private final LongSupplier clockMillis;
    private final Map<String, Deque<MetricsPoint>> rings = new HashMap<>();
    private Map<String, CacheReading> previous;
    private long previousAtMillis;

    /** @param clockMillis the time stamped on points (epoch milliseconds); tests pass a hand-turned one */
    public MetricsHistory(MeterRegistry registry, LongSupplier clockMillis) {
        this.registry = registry;
        this.clockMillis = clockMillis;
        this.previous = CacheMetrics.read(registry);
        this.previousAtMillis = clockMillis.getAsLong();
    }

    /** Takes one point per element (what happened since the last sample) and returns them by fullName. */
    public synchronized Map<String, MetricsPoint> sample() {
        long now = clockMillis.getAsLong();
        double seconds = Math.max(1, now - previousAtMillis) / 1000.0;
        Map<String, CacheReading> current = CacheMetrics.read(registry);
        Map<String, MetricsPoint> taken = new LinkedHashMap<>();
        current.forEach((fullName, reading) -> {
            MetricsPoint point = difference(now, seconds, previous.get(fullName), reading);
            Deque<MetricsPoint> ring = rings.computeIfAbsent(fullName, k -> new ArrayDeque<>(POINTS));
            if (ring.size() == POINTS) {
                ring.removeFirst();
            }
            ring.addLast(point);
            taken.put(fullName, point);
        });
        // A deleted element's meters are gone: its history goes with them.
        rings.keySet().retainAll(current.keySet());
        previous = current;
        previousAtMillis = now;
        return taken;
    }

    /** The element's points, oldest first; empty when no call of it was ever measured in this process. */
    public synchronized Optional<ElementMetrics> of(String fullName) {
        Deque<MetricsPoint> ring = rings.get(fullName);
        if (ring == null) {
            return previous.containsKey(fullName)
                    ? Optional.of(new ElementMetrics(fullName, INTERVAL_SECONDS, List.of())) : Optional.empty();
        }
        return Optional.of(new ElementMetrics(fullName, INTERVAL_SECONDS, new ArrayList<>(ring)));
    }

    private static MetricsPoint difference(long now, double seconds, CacheReading before, CacheReading after) {
        Map<String, Double> ops = new LinkedHashMap<>();
        after.calls().forEach((operation, count) -> {
            ops.put(operation, since(before == null ? 0 : before.calls().getOrDefault(operation, 0L), count) / seconds);
        });
        long hits = since(before == null ? 0 : before.hits(), after.hits());
        long misses = since(before == null ? 0 : before.misses(), after.misses());
        Double hitRatio = hits + misses <= 0 ? null : (double) hits / (hits + misses);
        long errors = since(before == null ? 0 : before.errors(), after.errors());
        // The interval's own latency histogram: today's buckets minus the last sample's.
        SortedMap<Double, Long> latency = new TreeMap<>();
        after.latency().forEach((bound, count) -> latency.put(bound,
                since(before == null ? 0 : before.latency().getOrDefault(bound, 0L), count)));
        return new MetricsPoint(now, ops, hitRatio, CacheReading.percentileMs(latency, 0.5),
                CacheReading.percentileMs(latency, 0.99), errors);
    }

    /** Counts since the last sample; an element re-created meanwhile (edited) starts again from zero. */
    private static long since(long before, long after) {
        return after >= before ? after - before : after;
    }
}
