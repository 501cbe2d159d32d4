package dev.elementkit.devportal.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.elementkit.cache.Cache;
import dev.elementkit.devportal.metrics.PrometheusEndpoint;
import dev.elementkit.platform.app.App;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The routes of {@code /api/v2}: every cache element of the app as a DreamFactory cache service (see
 * {@code devportal-stub/API.md}, and {@code /api/v2/openapi.json}). The service layer adds no meaning of its own:
 * each route is one {@link Cache} call, with HTTP statuses around it.
 */
final class CacheServiceRoutes {

    static final String ROOT = "/api/v2";
    static final String OPENAPI_PATH = ROOT + "/openapi.json";
    static final int DEFAULT_PAGE = 1000;
    static final int MAX_PAGE = 10_000;

    /** One route: method and Javalin path. The OpenAPI test compares these with the document. */
    record Route(HandlerType method, String path, Handler handler) {
    }

    private final App app;
    private final ServiceDirectory directory;
    private final ServiceAccess access;
    private final long maxBodyBytes;
    private final byte[] openApi;

    CacheServiceRoutes(App app, ServiceDirectory directory, ServiceAccess access, long maxBodyBytes) {
        this.app = app;
        this.directory = directory;
        this.access = access;
        this.maxBodyBytes = maxBodyBytes;
        this.openApi = OpenApiDocument.bytes();
    }

    ServiceDirectory directory() {
        return directory;
    }

    List<Route> routes() {
        String service = ROOT + "/{service}";
        String key = service + "/<key>";
        return List.of(
                new Route(HandlerType.GET, OPENAPI_PATH, ctx -> ctx.contentType("application/json").result(openApi)),
                new Route(HandlerType.GET, ROOT, this::listServices),
                new Route(HandlerType.GET, service, this::listKeysOrValues),
                new Route(HandlerType.POST, service, this::create),
                new Route(HandlerType.PUT, service, this::upsertMany),
                new Route(HandlerType.PATCH, service, this::upsertMany),
                new Route(HandlerType.DELETE, service, this::flush),
                new Route(HandlerType.GET, key, this::read),
                new Route(HandlerType.PUT, key, this::upsertOne),
                new Route(HandlerType.PATCH, key, this::upsertOne),
                new Route(HandlerType.DELETE, key, this::deleteOne));
    }

    void register(Javalin javalin) {
        Handler authenticate = authenticate();
        javalin.before(ROOT, authenticate);
        javalin.before(ROOT + "/*", authenticate);
        for (Route route : routes()) {
            javalin.addHttpHandler(route.method(), route.path(), guarded(route.handler()));
        }
        javalin.exception(ServiceException.class, (e, ctx) -> ServiceErrors.respond(ctx, e));
    }

    /**
     * {@code GET /metrics} for Prometheus, behind an API key like every route here (any valid key: the figures name
     * elements, not values).
     */
    void registerMetrics(Javalin javalin, MeterRegistry registry) {
        javalin.before(PrometheusEndpoint.PATH, authenticate());
        javalin.get(PrometheusEndpoint.PATH, guarded(ctx -> PrometheusEndpoint.scrape(ctx, registry)));
    }

    /** Javalin's exception handlers are global (the portal has its own): failures here are translated in place. */
    private Handler authenticate() {
        return ctx -> {
            if (!ctx.path().equals(OPENAPI_PATH)) {
                try {
                    access.authenticate(ctx);
                } catch (Exception e) {
                    throw ServiceErrors.translate(e, ctx);
                }
            }
        };
    }

    private static Handler guarded(Handler handler) {
        return ctx -> {
            try {
                handler.handle(ctx);
            } catch (Exception e) {
                ServiceErrors.respond(ctx, ServiceErrors.translate(e, ctx));
            }
        };
    }

    private record Target(CacheService service, Cache cache) {
    }

    /** The request's service, after the key's permissions: 403 before 404, so a key learns nothing beyond its reach. */
    private Target target(Context ctx) {
        String name = ctx.pathParam("service");
        access.authorize(ctx, name);
        CacheService service = directory.find(name).orElseThrow(() -> ServiceException.of(404,
                "there is no cache service '" + name + "': GET /api/v2 lists the services"));
        if (service.problem() != null) {
            throw ServiceException.retryLater(503, "the cache service '" + name + "' is not served: "
                    + service.problem(), ServiceErrors.MISCONFIGURED_RETRY_SECONDS);
        }
        return new Target(service, app.getElement(service.fullName(), Cache.class));
    }

    private void listServices(Context ctx) {
        ApiKeyInfo key = ServiceAccess.key(ctx);
        List<Map<String, Object>> services = new ArrayList<>();
        directory.all().stream().filter(s -> key.allowsService(s.name()))
                .sorted(Comparator.comparing(CacheService::name)).forEach(s -> {
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("name", s.name());
                    view.put("element", s.fullName());
                    view.put("title", s.title());
                    view.put("defaultTtl", s.defaultTtlSeconds());
                    view.put("problem", s.problem());
                    services.add(view);
                });
        send(ctx, 200, Map.of("services", services));
    }

    private void listKeysOrValues(Context ctx) {
        Target target = target(ctx);
        String ids = ctx.queryParam("ids");
        if (ids != null) {
            List<String> keys = Arrays.stream(ids.split(",")).filter(k -> !k.isEmpty()).distinct().toList();
            if (keys.isEmpty() || keys.size() > CacheWrite.MAX_ENTRIES) {
                throw ServiceException.badRequest("ids", "ids must name 1 to " + CacheWrite.MAX_ENTRIES
                        + " keys, comma-separated");
            }
            Map<String, String> found = target.cache().getAll(keys);
            List<Map<String, Object>> resource = new ArrayList<>();
            for (String key : keys) {
                String value = found.get(key);
                if (value != null) {
                    resource.add(entry(key, ServiceJson.value(value)));
                }
            }
            send(ctx, 200, Map.of("resource", resource));
            return;
        }
        int limit = intParam(ctx, "limit", DEFAULT_PAGE, 1, MAX_PAGE);
        int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        String pattern = ctx.queryParam("pattern");
        List<String> keys = new ArrayList<>(pattern == null ? target.cache().keys() : target.cache().keys(pattern));
        keys.sort(null);
        int from = Math.min(offset, keys.size());
        List<String> page = keys.subList(from, (int) Math.min(keys.size(), (long) from + limit));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("count", keys.size());
        meta.put("offset", offset);
        meta.put("limit", limit);
        meta.put("next", offset + page.size() < keys.size() ? offset + page.size() : null);
        send(ctx, 200, Map.of("resource", page, "meta", meta));
    }

    private void read(Context ctx) {
        Target target = target(ctx);
        String key = ctx.pathParam("key");
        String value = target.cache().get(key);
        if (value == null) {
            value = ctx.queryParam("default");
            if (value == null) {
                throw ServiceException.of(404, "no value for key '" + key + "' in the cache service '"
                        + target.service().name() + "' (missing or expired); add ?default=… to get a fallback instead");
            }
        }
        ctx.status(200).contentType("application/json").result(ServiceJson.valueBytes(value));
    }

    /** Create means create: each key is written only if absent (atomic {@code add}), else 400 and nothing stays. */
    private void create(Context ctx) {
        Target target = target(ctx);
        JsonNode body = body(ctx);
        List<CacheWrite> writes = CacheWrite.many(body);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < writes.size(); i++) {
            CacheWrite write = writes.get(i);
            long ttl = write.effectiveTtl(target.service());
            boolean added = ttl == 0 ? target.cache().add(write.key(), write.value())
                    : target.cache().add(write.key(), write.value(), ttl);
            if (!added) {
                created.forEach(target.cache()::delete);
                String field = body.has("resource") ? "resource[" + i + "].key" : "key";
                throw ServiceException.badRequest(field, "the key '" + write.key() + "' exists already: POST creates;"
                        + " use PUT or PATCH to replace a value" + (created.isEmpty() ? ""
                        : " (the " + created.size() + " entries created before it were taken back)"));
            }
            created.add(write.key());
        }
        if (!body.has("resource")) {
            ctx.header("Location", location(target.service(), writes.get(0).key()));
        }
        send(ctx, 201, written(body, writes));
    }

    private void upsertMany(Context ctx) {
        Target target = target(ctx);
        JsonNode body = body(ctx);
        List<CacheWrite> writes = CacheWrite.many(body);
        Map<Long, Map<String, String>> byTtl = new LinkedHashMap<>();
        for (CacheWrite write : writes) {
            byTtl.computeIfAbsent(write.effectiveTtl(target.service()), t -> new LinkedHashMap<>())
                    .put(write.key(), write.value());
        }
        byTtl.forEach((ttl, entries) -> {
            if (ttl == 0) {
                target.cache().setAll(entries);
            } else {
                target.cache().setAll(entries, ttl);
            }
        });
        send(ctx, 200, written(body, writes));
    }

    private void upsertOne(Context ctx) {
        Target target = target(ctx);
        CacheWrite write = CacheWrite.one(body(ctx), "", ctx.pathParam("key"));
        long ttl = write.effectiveTtl(target.service());
        if (ttl == 0) {
            target.cache().set(write.key(), write.value());
        } else {
            target.cache().set(write.key(), write.value(), ttl);
        }
        send(ctx, 200, Map.of("key", write.key()));
    }

    private void deleteOne(Context ctx) {
        Target target = target(ctx);
        String key = ctx.pathParam("key");
        if (!target.cache().delete(key)) {
            throw ServiceException.of(404, "no value for key '" + key + "' in the cache service '"
                    + target.service().name() + "': nothing deleted");
        }
        send(ctx, 200, Map.of("key", key));
    }

    /** Deletes the named keys ({@code ?ids=a,b}), or all of this app's keys and nothing else. */
    private void flush(Context ctx) {
        Target target = target(ctx);
        String ids = ctx.queryParam("ids");
        if (ids != null) {
            List<Map<String, Object>> deleted = new ArrayList<>();
            for (String key : ids.split(",")) {
                if (!key.isEmpty() && target.cache().delete(key)) {
                    deleted.add(Map.of("key", key));
                }
            }
            send(ctx, 200, Map.of("resource", deleted));
            return;
        }
        long deleted = target.cache().clear();
        send(ctx, 200, Map.of("success", true, "deleted", deleted));
    }

    private static Object written(JsonNode body, List<CacheWrite> writes) {
        if (!body.has("resource")) {
            return Map.of("key", writes.get(0).key());
        }
        return Map.of("resource", writes.stream().map(w -> Map.of("key", w.key())).toList());
    }

    private static Map<String, Object> entry(String key, JsonNode value) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("key", key);
        entry.put("value", value);
        return entry;
    }

    /** The body as JSON, at most {@code maxBodyBytes} (413 beyond), read without trusting Content-Length alone. */
    private JsonNode body(Context ctx) {
        if (ctx.contentLength() > maxBodyBytes) {
            throw tooLarge();
        }
        byte[] bytes;
        try (InputStream in = ctx.req().getInputStream()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request body", e);
        }
        if (bytes.length > maxBodyBytes) {
            throw tooLarge();
        }
        if (bytes.length == 0) {
            throw ServiceException.badRequest("", "the request body is empty: send JSON such as {\"key\": \"user:1\","
                    + " \"value\": \"John\", \"ttl\": 3600}");
        }
        try {
            JsonNode tree = ServiceJson.MAPPER.readTree(bytes);
            if (tree == null || !tree.isObject()) {
                throw ServiceException.badRequest("", "the request body must be a JSON object");
            }
            return tree;
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            throw ServiceException.badRequest("", "the request body is not valid JSON" + (location == null ? ""
                    : " at line " + location.getLineNr() + ", column " + location.getColumnNr()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the request body", e);
        }
    }

    private ServiceException tooLarge() {
        return ServiceException.of(413, "the request body is larger than " + maxBodyBytes + " bytes: store smaller"
                + " values, or raise the limit (devportal api --max-body)");
    }

    private static int intParam(Context ctx, String name, int fallback, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ServiceException.badRequest(name, name + " must be a whole number from " + min + " to " + max);
    }

    private static String location(CacheService service, String key) {
        return ROOT + "/" + service.name() + "/" + URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20")
                .replace("%3A", ":");
    }

    private static void send(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(ServiceJson.bytes(body));
    }
}
