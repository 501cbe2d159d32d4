package dev.elementkit.devportal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.elementkit.cache.Cache;
import dev.elementkit.devportal.metrics.MetricsHistory;
import dev.elementkit.devportal.metrics.MetricsPoint;
import dev.elementkit.devportal.service.Programs;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The portal's metrics over the real SQLite plugin JAR (it backs {@code caches.Default}): Prometheus text for
 * {@code curl} behind the token, the chart JSON, and the 15-minute ring on a hand-turned clock.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PortalMetricsIT {

    private static final String TOKEN = "metrics-token-0123456789abcdef";
    private static final String DEFAULT = "caches.Default";

    @Test
    void curlSeesTheElementsHitsBehindTheToken() throws Exception {
        try (PortalFixture portal = PortalFixture.start(PortalSettings.of("127.0.0.1", 0, TOKEN), Map.of(),
                "element-sqlite")) {
            Cache cache = defaultCache(portal);
            cache.set("greeting", "hello");
            assertEquals("hello", cache.get("greeting"));
            assertNull(cache.get("no-such-key"));

            String url = portal.uri("/metrics").toString();
            String text = curl(url, "-H", "Authorization: Bearer " + TOKEN);
            String hits = line(text, "cache_gets_total{", "cache=\"" + DEFAULT + "\"", "result=\"hit\"");
            assertTrue(hits.contains("app=\"" + portal.appId + "\"") && hits.contains("type=\"caches.SqliteType\""),
                    hits);
            assertTrue(hits.endsWith(" 1.0"), hits);
            assertTrue(line(text, "cache_gets_total{", DEFAULT, "result=\"miss\"").endsWith(" 1.0"), text);
            assertTrue(line(text, "cache_puts_total{", DEFAULT).endsWith(" 1.0"), text);
            String allGets = line(text, "cache_calls_total{", DEFAULT, "operation=\"get\"");
            assertEquals(2.0, Double.parseDouble(allGets.substring(allGets.lastIndexOf(' ') + 1)), allGets);

            String fileSize = line(text, "cache_backend_sqlite_file_bytes{", DEFAULT);
            assertTrue(Double.parseDouble(fileSize.substring(fileSize.lastIndexOf(' ') + 1)) > 0, fileSize);
            assertEquals("401", curl("-o", "/dev/null", "-w", "%{http_code}", url), "no token, no metrics");
            assertEquals("401", curl("-o", "/dev/null", "-w", "%{http_code}", url, "-H",
                    "Authorization: Bearer wrong-token-0123456789"));
        }
    }

    @Test
    void theChartsGetOnePointPerIntervalInTheAgreedShape() throws Exception {
        try (PortalFixture portal = PortalFixture.start(PortalSettings.of("127.0.0.1", 0, TOKEN), Map.of(),
                "element-sqlite").withToken(TOKEN)) {
            Cache cache = defaultCache(portal);
            cache.set("a", "1");
            cache.get("a");
            cache.get("b");
            assertThrowsArgument(cache);
            portal.server.sampleMetricsNow();

            PortalFixture.Response response = portal.get("/api/elements/" + DEFAULT + "/metrics");
            assertEquals(200, response.status(), response.toString());
            JsonNode body = response.json();
            assertEquals(DEFAULT, body.path("element").asText());
            assertEquals(10, body.path("intervalSeconds").asInt());
            assertEquals(1, body.path("points").size(), body.toString());
            JsonNode point = body.path("points").get(0);
            assertTrue(point.path("t").asLong() > 0);
            assertTrue(point.path("ops").path("get").asDouble() > 0, point.toString());
            assertTrue(point.path("ops").path("set").asDouble() > 0, point.toString());
            assertEquals(0.5, point.path("hitRatio").asDouble(), 1e-9);
            assertEquals(1, point.path("errors").asLong(), "the bad key counts as an argument error");
            assertTrue(point.path("p99Ms").asDouble() >= point.path("p50Ms").asDouble(), point.toString());
            assertTrue(point.path("p50Ms").asDouble() > 0, point.toString());

            assertEquals(404, portal.get("/api/elements/caches.Unused/metrics").status(), "no such element");
            portal.withToken(null);
            assertEquals(401, portal.get("/api/elements/" + DEFAULT + "/metrics").status());
        }
    }

    @Test
    void eachIntervalGoesToTheOpenPagesAsAMetricsEventWithHealthMarks() throws Exception {
        try (PortalFixture portal = PortalFixture.start(PortalSettings.of("127.0.0.1", 0, TOKEN), Map.of(),
                "element-sqlite")) {
            Cache cache = defaultCache(portal);
            cache.set("x", "1");
            cache.get("x");
            HttpResponse<Stream<String>> stream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(HttpRequest.newBuilder(portal.uri("/api/events")).header("Authorization", "Bearer " + TOKEN)
                            .header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertEquals(200, stream.statusCode());
            Iterator<String> lines = stream.body().iterator();
            waitFor(lines, "event: hello");
            portal.server.sampleMetricsNow();
            waitFor(lines, "event: metrics");
            String data = lines.next();
            assertTrue(data.startsWith("data: "), data);
            JsonNode event = PortalFixture.JSON.readTree(data.substring("data: ".length()));
            assertEquals(10, event.path("intervalSeconds").asInt());
            JsonNode element = event.path("elements").get(0);
            assertEquals(DEFAULT, element.path("element").asText(), event.toString());
            assertEquals("ok", element.path("health").asText());
            assertEquals(1.0, element.path("point").path("hitRatio").asDouble(), 1e-9, event.toString());
            stream.body().close();
        }
    }

    private static void waitFor(Iterator<String> lines, String wanted) {
        List<String> seen = new ArrayList<>();
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.equals(wanted)) {
                return;
            }
            seen.add(line);
        }
        throw new AssertionError("the stream ended before '" + wanted + "', after " + seen);
    }

    @Test
    void theRingKeepsFifteenMinutesOfPerSecondRates() throws Exception {
        try (PortalFixture portal = PortalFixture.start("element-sqlite")) {
            MeterRegistry registry = portal.host.meterRegistry().orElseThrow();
            AtomicLong clock = new AtomicLong(1_000_000);
            Cache cache = defaultCache(portal);
            MetricsHistory history = new MetricsHistory(registry, clock::get);
            for (int interval = 0; interval < MetricsHistory.POINTS + 5; interval++) {
                for (int i = 0; i < 20; i++) {
                    cache.set("k" + i, i);
                }
                cache.get("k1");
                clock.addAndGet(10_000);
                MetricsPoint point = history.sample().get(DEFAULT);
                assertEquals(2.0, point.ops().get("set"), 1e-9, "20 sets in 10 s");
                assertEquals(0.1, point.ops().get("get"), 1e-9);
                assertEquals(1.0, point.hitRatio(), 1e-9);
                assertEquals(clock.get(), point.t());
            }
            List<MetricsPoint> points = history.of(DEFAULT).orElseThrow().points();
            assertEquals(MetricsHistory.POINTS, points.size(), "15 minutes of 10-second points");
            assertEquals(clock.get() - (MetricsHistory.POINTS - 1) * 10_000L, points.get(0).t(), "oldest first");

            clock.addAndGet(10_000);
            MetricsPoint idle = history.sample().get(DEFAULT);
            assertNull(idle.hitRatio(), "no get in the interval: no ratio");
            assertEquals(0.0, idle.ops().get("set"), 1e-9);
            assertFalse(history.of("caches.Other").isPresent());
        }
    }

    /** The app's caches.Default, on the SQLite plugin as a fresh app has it. */
    private static Cache defaultCache(PortalFixture portal) throws Exception {
        Path folder = Files.createDirectories(portal.appDir.resolve("caches/Default"));
        Files.writeString(folder.resolve("e.json"), "{\"type\": \"caches.BuiltinsType\", \"title\": \"Default\"}");
        return portal.host.app().getElement(DEFAULT, Cache.class);
    }

    private static void assertThrowsArgument(Cache cache) {
        try {
            cache.get("");
        } catch (IllegalArgumentException expected) {
            return;
        }
        throw new AssertionError("an empty key is refused");
    }

    private static String line(String text, String... parts) {
        return text.lines().filter(l -> List.of(parts).stream().allMatch(l::contains)).findFirst()
                .orElseThrow(() -> new AssertionError("no line with " + List.of(parts) + " in:\n" + text));
    }

    private static String curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Programs.require("curl", "curl"), "-sS",
                "--max-time", "30"));
        command.addAll(List.of(args));
        return Programs.run(command);
    }
}
