package dev.elementkit.devportal.metrics;

import java.util.List;

/**
 * The body of {@code GET /api/elements/{fullName}/metrics}: the last 15 minutes of one element, oldest first.
 *
 * @param element         the element's fullName
 * @param intervalSeconds seconds between two points
 * @param points          at most {@link MetricsHistory#POINTS}
 */
public record ElementMetrics(String element, int intervalSeconds, List<MetricsPoint> points) {

    public ElementMetrics {
        points = List.copyOf(points);
    }
}
