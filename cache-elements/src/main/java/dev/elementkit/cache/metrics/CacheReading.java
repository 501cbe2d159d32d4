package dev.elementkit.cache.metrics;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One cache element's totals since its meters were made, as {@link CacheMetrics#read} finds them.
 *
 * @param fullName the element
 * @param type     its Type's fullName
 * @param appId    the app it belongs to
 * @param calls    calls so far by operation ({@code get}, {@code set}, …), only those called at least once
 * @param hits     gets that found a value
 * @param misses   gets that found none
 * @param errors   failed calls of every kind
 * @param latency  timed calls of every operation taking at most the key's milliseconds (cumulative, as Prometheus'
 *                 {@code le} buckets), ending with {@code +Infinity} holding every timed call; the host times a
 *                 random {@value CacheMetrics#LATENCY_SAMPLE_EVERY}th of the calls
 */
public record CacheReading(String fullName, String type, String appId, Map<String, Long> calls, long hits,
                           long misses, long errors, SortedMap<Double, Long> latency) {

    public CacheReading {
        calls = Map.copyOf(calls);
        latency = Collections.unmodifiableSortedMap(new TreeMap<>(latency));
    }

    /** Hits over all gets, or null before the first get. */
    public Double hitRatio() {
        long gets = hits + misses;
        return gets == 0 ? null : (double) hits / gets;
    }

    /** The median latency of the calls timed so far, milliseconds. */
    public double p50Ms() {
        return percentileMs(latency, 0.5);
    }

    /** The 99th percentile of the calls timed so far, milliseconds. */
    public double p99Ms() {
        return percentileMs(latency, 0.99);
    }

    /**
     * The {@code quantile} of cumulative bucket counts (bound in ms → calls at most that long), interpolated linearly
     * inside its bucket as Prometheus' {@code histogram_quantile} does; 0 without calls. Past the last finite bound
     * it answers that bound: the histogram knows no more.
     */
    public static double percentileMs(SortedMap<Double, Long> cumulative, double quantile) {
        long total = cumulative.isEmpty() ? 0 : cumulative.get(cumulative.lastKey());
        if (total <= 0) {
            return 0;
        }
        double rank = quantile * total;
        double lowerBound = 0;
        long lowerCount = 0;
        for (Map.Entry<Double, Long> bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= rank) {
                if (bucket.getKey().isInfinite()) {
                    return lowerBound;
                }
                long inBucket = bucket.getValue() - lowerCount;
                double fraction = inBucket == 0 ? 1 : (rank - lowerCount) / inBucket;
                return lowerBound + (bucket.getKey() - lowerBound) * fraction;
            }
            lowerBound = bucket.getKey();
            lowerCount = bucket.getValue();
        }
        return lowerBound;
    }
}
