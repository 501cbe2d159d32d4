package dev.elementkit.cache.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.CacheElements;
import dev.elementkit.cache.CacheValueException;
import dev.elementkit.cache.memory.InMemoryServer;
import dev.elementkit.cache.spi.CacheBackend;
import dev.elementkit.cache.memory.ManualClock;
import dev.elementkit.platform.element.ElementContext;
import dev.elementkit.cache.spi.SharedResources;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What the decorator counts, over the in-memory backend; and the percentile of cumulative buckets. */
class MeteredCacheTest {

    private final InMemoryServer server = new InMemoryServer(new ManualClock());
    private final MeterRegistry registry = new SimpleMeterRegistry();
    private final SharedResources<String, CacheBackend> connections = new SharedResources<>();

    /** Times every call, so that the latency counts below are exact. */
    private Cache metered() throws Exception {
        return metered(1);
    }

    private Cache metered(int latencySampleEvery) throws Exception {
        Cache cache = CacheElements.newCache(new ElementContext("demo", Path.of("app"), "caches.Mem"),
                () -> connections.acquire("server", key -> server.connect()));
        return CacheMetrics.metered(cache, registry, "caches.MemType", "demo", latencySampleEvery);
    }

    @Test
    void getsPutsRemovalsAndErrorsAreCountedByKind() throws Exception {
        Cache cache = metered();
        cache.set("a", "1");
        cache.setAll(Map.of("b", "2", "c", "x"));
        assertEquals("1", cache.get("a"));
        assertNull(cache.get("missing"));
        assertEquals(2, cache.getAll(List.of("b", "c", "nope")).size());
        assertTrue(cache.delete("a"));
        assertThrows(IllegalArgumentException.class, () -> cache.get(""));
        assertThrows(CacheValueException.class, () -> cache.incr("c"));

        CacheReading reading = CacheMetrics.read(registry).get("caches.Mem");
        assertEquals(3, reading.hits(), "a, b and c");
        assertEquals(2, reading.misses(), "missing and nope");
        assertEquals(2.0, registry.get(CacheMetrics.ERRORS).tag("kind", "argument").counter().count()
                + registry.get(CacheMetrics.ERRORS).tag("kind", "value").counter().count());
        assertEquals(2, reading.errors());
        assertEquals(3.0, registry.get(CacheMetrics.PUTS).counter().count());
        assertEquals(1.0, registry.get(CacheMetrics.REMOVALS).counter().count());
        assertEquals(Map.of("set", 1L, "setAll", 1L, "get", 3L, "getAll", 1L, "delete", 1L, "incr", 1L),
                reading.calls());
        assertEquals("caches.MemType", reading.type());
        assertEquals("demo", reading.appId());
        assertEquals(1.0, registry.get(CacheMetrics.AVAILABLE).gauge().value(), "the in-memory server is there");
        assertEquals(8L, reading.latency().get(Double.POSITIVE_INFINITY), "every call is in the last bucket");
    }

    @Test
    void everyCallIsCountedButOnlyASampleIsTimed() throws Exception {
        Cache cache = metered(CacheMetrics.LATENCY_SAMPLE_EVERY);
        for (int i = 0; i < 800; i++) {
            cache.get("k" + i);
        }
        CacheReading reading = CacheMetrics.read(registry).get("caches.Mem");
        assertEquals(Map.of("get", 800L), reading.calls());
        assertEquals(800, reading.misses());
        long timed = reading.latency().get(Double.POSITIVE_INFINITY);
        // The first 64, then about 92 of the other 736; 800 only with a chance below 1e-40.
        assertTrue(timed >= MeteredCache.TIME_EVERY_CALL_UNTIL && timed < 800, "timed " + timed + " of 800 calls");
    }

    @Test
    void aLittleUsedOperationHasEveryCallTimed() throws Exception {
        Cache cache = metered(CacheMetrics.LATENCY_SAMPLE_EVERY);
        for (int i = 0; i < 10; i++) {
            cache.get("k" + i);
        }
        assertEquals(10L, CacheMetrics.read(registry).get("caches.Mem").latency().get(Double.POSITIVE_INFINITY));
    }

    @Test
    void forgettingRemovesTheMeters() throws Exception {
        Cache cache = metered();
        cache.get("a");
        CacheMetrics.forget(cache);
        assertTrue(CacheMetrics.read(registry).isEmpty());
    }

    @Test
    void percentilesInterpolateInsideTheirBucketAsPrometheusDoes() {
        TreeMap<Double, Long> buckets = new TreeMap<>(Map.of(1.0, 50L, 2.0, 90L, 4.0, 100L,
                Double.POSITIVE_INFINITY, 100L));
        assertEquals(1.0, CacheReading.percentileMs(buckets, 0.5), 1e-9);
        assertEquals(2.0 + 2.0 * 0.9, CacheReading.percentileMs(buckets, 0.99), 1e-9);
        assertEquals(0.5, CacheReading.percentileMs(buckets, 0.25), 1e-9);
        assertEquals(0.0, CacheReading.percentileMs(new TreeMap<>(), 0.5), "no calls, no latency");
        TreeMap<Double, Long> slow = new TreeMap<>(Map.of(1.0, 0L, Double.POSITIVE_INFINITY, 10L));
        assertEquals(1.0, CacheReading.percentileMs(slow, 0.99), "past the last bound: that bound");
    }
}
