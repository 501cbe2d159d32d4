package dev.elementkit.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.spi.BackendGauges;
import dev.elementkit.cache.tck.Instances;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The figures the host publishes as {@code cache.backend.memcached.*}: read without a request to any server. */
@Timeout(60)
class BackendGaugesIT {

    @Test
    void theGaugesCountTheServersAndThoseConnected() throws Exception {
        try (MemcachedServer first = MemcachedServer.start();
             MemcachedServer second = MemcachedServer.start();
             PluginHarness harness = PluginHarness.load(PluginUnderTest.ID)) {
            Cache cache = harness.createCache(PluginUnderTest.TYPE,
                    new ElementContext("gauges", Path.of("."), "caches.Gauges"),
                    Map.of("servers", List.of("127.0.0.1:" + first.port(), "127.0.0.1:" + second.port())));
            try {
                Map<String, Double> gauges = assertInstanceOf(BackendGauges.class, cache).gauges();
                assertEquals(Map.of("memcached.servers", 2.0, "memcached.servers.connected", 2.0), gauges);
            } finally {
                Instances.close(cache);
            }
        }
    }
}
