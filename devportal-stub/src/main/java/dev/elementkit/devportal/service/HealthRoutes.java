package dev.elementkit.devportal.service;

import dev.elementkit.cache.Cache;
import dev.elementkit.platform.app.App;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a load balancer asks {@code devportal api}, without an API key: {@code GET /health} is 200 while the process
 * serves (liveness); {@code GET /health/ready} pings every cache service's backend and is 200 only when all answer,
 * else 503 naming the ones that do not (readiness). Neither says more than a service's name and UP or DOWN.
 */
final class HealthRoutes {

    static final String LIVE = "/health";
    static final String READY = "/health/ready";

    private final App app;
    private final ServiceDirectory directory;

    HealthRoutes(App app, ServiceDirectory directory) {
        this.app = app;
        this.directory = directory;
    }

    void register(Javalin javalin) {
        javalin.get(LIVE, ctx -> ctx.contentType("application/json").result(ServiceJson.bytes(Map.of("status", "UP"))));
        javalin.get(READY, this::ready);
    }

    private void ready(Context ctx) {
        Map<String, String> services = new LinkedHashMap<>();
        boolean allUp = true;
        for (CacheService service : directory.all()) {
            boolean up = service.problem() == null && ping(service);
            services.put(service.name(), up ? "UP" : "DOWN");
            allUp &= up;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", allUp ? "UP" : "DOWN");
        body.put("services", services);
        ctx.status(allUp ? 200 : 503).contentType("application/json").result(ServiceJson.bytes(body));
    }

    private boolean ping(CacheService service) {
        try {
            return app.getElement(service.fullName(), Cache.class).ping();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
