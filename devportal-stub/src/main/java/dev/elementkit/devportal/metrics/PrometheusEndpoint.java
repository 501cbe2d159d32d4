package dev.elementkit.devportal.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.javalin.http.Context;

/**
 * {@code GET /metrics}: the process's meters in Prometheus' text format. The caller guards the route (the portal's
 * token, the service's API key): metric tags name elements and apps.
 */
public final class PrometheusEndpoint {

    public static final String PATH = "/metrics";
    private static final String TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusEndpoint() {
    }

    /** The registry {@code devportal serve} and {@code devportal api} record into. */
    public static PrometheusMeterRegistry newRegistry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    /** Answers with the registry's text, or 404 when the host records into a registry Prometheus cannot read. */
    public static void scrape(Context ctx, MeterRegistry registry) {
        if (registry instanceof PrometheusMeterRegistry prometheus) {
            ctx.contentType(TEXT_FORMAT).result(prometheus.scrape());
        } else {
            ctx.status(404).contentType("text/plain; charset=utf-8").result("this process records no metrics for "
                    + "Prometheus (start it with devportal serve or devportal api, or serve your own registry)\n");
        }
    }
}
