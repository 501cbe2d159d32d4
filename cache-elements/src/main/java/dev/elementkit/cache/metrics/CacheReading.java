package dev.elementkit.cache.metrics;

import java.util.Map;

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
 * @param p50Ms    the median latency of the slowest operation over the last 10 to 30 seconds
 * @param p99Ms    its 99th percentile over the same time
 */
public record CacheReading(String fullName, String type, String appId, Map<String, Long> calls, long hits,
                           long misses, long errors, double p50Ms, double p99Ms) {

    public CacheReading {
        calls = Map.copyOf(calls);
    }

    /** Hits over all gets, or null before the first get. */
    public Double hitRatio() {
        long gets = hits + misses;
        return gets == 0 ? null : (double) hits / gets;
    }
}
