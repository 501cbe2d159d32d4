package dev.elementkit.devportal.metrics;

import java.util.Map;

/**
 * One element's figures over one sampling interval, as the portal charts them.
 *
 * @param t        when the interval ended, epoch milliseconds
 * @param ops      calls per second over the interval, by operation ({@code get}, {@code set}, …)
 * @param hitRatio hits over gets in the interval, or null when there was no get
 * @param p50Ms    the median latency of the interval's calls (every operation), milliseconds; 0 without calls
 * @param p99Ms    their 99th percentile
 * @param errors   failed calls in the interval
 */
public record MetricsPoint(long t, Map<String, Double> ops, Double hitRatio, double p50Ms, double p99Ms,
                           long errors) {

    public MetricsPoint {
        ops = Map.copyOf(ops);
    }
}
