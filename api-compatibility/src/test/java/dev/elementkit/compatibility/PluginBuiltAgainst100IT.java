package dev.elementkit.compatibility;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.Cache;
import dev.elementkit.devportal.runtime.Host;
import dev.elementkit.devportal.runtime.HostOptions;
import dev.elementkit.devportal.runtime.PluginInfo;
import dev.elementkit.platform.connection.ConnectionTestResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin built against the 1.0.0 API runs in the current host: element-sqlite as built at the 1.0.0 commit
 * (build-baseline.sh), dropped into a plugins folder unchanged. It is the proof behind the exceptions japicmp is told
 * to accept (host-implemented.groovy): {@code Element} is no longer {@code AutoCloseable}, and the classes the plugin
 * calls by their 1.0.0 names ({@code SharedResources}, {@code ConnectionTest}) are forwarders in cache-elements now.
 * The host is metered, as {@code devportal serve} is, so closing goes through the metrics decorator too.
 */
class PluginBuiltAgainst100IT {

    private static final String TYPE = "caches.SqliteType";

    @TempDir
    Path work;

    @Test
    void elementSqlite100_servesGetElementSetGetAndATest_andItsDataOutlivesTheAppsClose() throws IOException {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Path jar = Path.of(System.getProperty("elementkit.baseline.plugins"), "element-sqlite-1.0.0.jar");
        Files.copy(jar, plugins.resolve(jar.getFileName()));
        Path app = app();

        try (Host host = open(app, plugins)) {
            PluginInfo plugin = host.plugins().stream().filter(p -> p.id().equals("element-sqlite")).findFirst()
                    .orElseThrow();
            assertEquals("STARTED", plugin.state(), plugin.toString());
            assertEquals("1.0.0", plugin.version());
            assertEquals(List.of(TYPE), plugin.types());

            Cache cache = host.app().getElement("caches.Old", Cache.class);
            cache.set("user:1001:name", "John", 3600);
            assertEquals("John", cache.get("user:1001:name"));
            assertEquals(5, cache.incr("visits", 5));
            cache.disconnect();
            assertEquals(6, cache.incr("visits"), "a 1.0.0 backend reconnects after disconnect()");

            ConnectionTestResult test = host.testElement("caches.Old", Duration.ofSeconds(30));
            assertTrue(test.success(), test.toString());
        }

        try (Host again = open(app, plugins)) {
            Cache cache = again.app().getElement("caches.Old", Cache.class);
            assertEquals("John", cache.get("user:1001:name"), "the first host closed its instance and kept the data");
            assertEquals(6L, cache.getNumeric("visits"));
        }
    }

    private static Host open(Path app, Path plugins) {
        return Host.open(new HostOptions(app, plugins, Map.of(), false, HostOptions.DEFAULT_PLUGIN_CALL_LIMIT,
                new SimpleMeterRegistry()));
    }

    private Path app() throws IOException {
        Path app = work.resolve("app");
        Path element = Files.createDirectories(app.resolve("caches/Old"));
        Files.writeString(app.resolve("app.json"), """
                {"appId": "compat.Old100", "name": "Old100", "title": "1.0.0 plugin", "version": "1.0.0"}
                """);
        Files.writeString(element.resolve("e.json"), """
                {"title": "Cache of a 1.0.0 plugin", "type": "caches.SqliteType"}
                """);
        Files.writeString(element.resolve("Old.json"), """
                {"directory": "appData/caches/Old/sqlite.db"}
                """);
        return app;
    }
}
