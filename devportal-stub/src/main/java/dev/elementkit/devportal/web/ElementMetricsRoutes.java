package dev.elementkit.devportal.web;

import dev.elementkit.devportal.metrics.ElementMetrics;
import dev.elementkit.devportal.metrics.HealthMark;
import dev.elementkit.devportal.metrics.MetricsHistory;
import dev.elementkit.devportal.metrics.MetricsPoint;
import dev.elementkit.devportal.metrics.PrometheusEndpoint;
import dev.elementkit.devportal.runtime.Host;
import dev.elementkit.platform.app.ElementInfo;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The portal's metrics: {@code GET /metrics} (Prometheus text), {@code GET /api/elements/{fullName}/metrics} (the
 * last 15 minutes for the charts) and, every interval, the event {@code metrics} on the event stream with each
 * element's new point and health mark.
 *
 * <p>Owns the sampling thread; {@link #close()} ends it.
 */
final class ElementMetricsRoutes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ElementMetricsRoutes.class);

    private final Host host;
    private final MeterRegistry registry;
    private final MetricsHistory history;
    private final HostEvents events;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "devportal-metrics");
        thread.setDaemon(true);
        return thread;
    });

    ElementMetricsRoutes(Host host, MeterRegistry registry, HostEvents events) {
        this.host = host;
        this.registry = registry;
        this.history = new MetricsHistory(registry, System::currentTimeMillis);
        this.events = events;
    }

    void register(Javalin javalin) {
        javalin.get(PrometheusEndpoint.PATH, ctx -> PrometheusEndpoint.scrape(ctx, registry));
        javalin.get("/api/elements/{fullName}/metrics", this::elementMetrics);
        sampler.scheduleAtFixedRate(this::sampleAndPublish, MetricsHistory.INTERVAL_SECONDS,
                MetricsHistory.INTERVAL_SECONDS, TimeUnit.SECONDS);
    }

    private void elementMetrics(Context ctx) {
        String fullName = ctx.pathParam("fullName");
        Optional<ElementMetrics> measured = history.of(fullName);
        if (measured.isPresent()) {
            ctx.json(measured.get());
        } else if (fullName.startsWith("caches.")
                && host.elements().stream().anyMatch(e -> e.fullName().equals(fullName))) {
            // A cache nothing has used since the portal started: its chart starts empty.
            ctx.json(new ElementMetrics(fullName, MetricsHistory.INTERVAL_SECONDS, List.of()));
        } else {
            throw new ApiException(404, List.of(new FieldProblem("fullName", "no cache element '" + fullName
                    + "' in this app (GET /api/elements lists them)")));
        }
    }

    void sampleAndPublish() {
        try {
            events.publish("metrics", metricsEvent(history.sample(), host.elements()));
        } catch (RuntimeException e) {
            // The next interval tries again; a failed sample must not end the schedule.
            LOG.warn("sampling the element metrics failed: {}", e.toString());
        }
    }

    /**
     * The event's data: {@code {"intervalSeconds": 10, "elements": [{"element", "health", "point"}]}}, every element
     * of the app with its health mark ({@code ok}, {@code unavailable}, {@code broken}) and its new point (null when
     * it is not measured).
     */
    static Map<String, Object> metricsEvent(Map<String, MetricsPoint> points, List<ElementInfo> elements) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (ElementInfo element : elements) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("element", element.fullName());
            entry.put("health", HealthMark.of(element.status()));
            entry.put("point", points.get(element.fullName()));
            list.add(entry);
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("intervalSeconds", MetricsHistory.INTERVAL_SECONDS);
        data.put("elements", list);
        return data;
    }


    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
