package dev.elementkit.devportal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.devportal.runtime.Host;
import dev.elementkit.devportal.runtime.HostOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service directory over a real app folder (no plugins needed: it reads the element tree, it creates nothing),
 * on a hand-turned clock, so that its freshness rules are checked without waiting.
 */
class ServiceDirectoryTest {

    @TempDir
    Path root;
    Host host;
    final AtomicLong nanos = new AtomicLong(1);
    ServiceDirectory directory;

    @BeforeEach
    void app() throws Exception {
        Path app = Files.createDirectories(root.resolve("app"));
        Files.writeString(app.resolve("app.json"), "{\"appId\": \"dir.Test\"}");
        element(app, "caches/Default", "{\"type\": \"caches.BuiltinsType\"}");
        host = Host.open(new HostOptions(app, Files.createDirectories(root.resolve("plugins")), Map.of(), false));
        directory = new ServiceDirectory(host.app(), nanos::get);
    }

    @AfterEach
    void close() {
        host.close();
    }

    private static void element(Path app, String folder, String descriptor) throws Exception {
        Files.writeString(Files.createDirectories(app.resolve(folder)).resolve("e.json"), descriptor);
    }

    private void advanceMillis(long millis) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void aNewElementAnswersOnceAMissMayRescan() throws Exception {
        assertEquals("caches.Default", directory.find("cache").orElseThrow().fullName());
        assertEquals(ServiceDirectory.DEFAULT_TTL_SECONDS, directory.find("cache").orElseThrow().defaultTtlSeconds());
        element(host.app().root(), "caches/Fresh", "{\"type\": \"caches.SqliteType\"}");
        assertTrue(directory.find("fresh").isEmpty(), "misses rescan at most every " + ServiceDirectory.MISS_REFRESH_MILLIS + " ms");
        advanceMillis(ServiceDirectory.MISS_REFRESH_MILLIS);
        assertEquals("caches.Fresh", directory.find("fresh").orElseThrow().fullName());
    }

    @Test
    void aChangedDefaultTtlIsSeenWithinTheRefreshPeriod() throws Exception {
        assertEquals(300, directory.find("cache").orElseThrow().defaultTtlSeconds());
        element(host.app().root(), "caches/Default", "{\"type\": \"caches.BuiltinsType\", \"service\": {\"defaultTtl\": 60}}");
        advanceMillis(ServiceDirectory.REFRESH_MILLIS - 1);
        assertEquals(300, directory.find("cache").orElseThrow().defaultTtlSeconds(), "a hit keeps the snapshot");
        advanceMillis(1);
        assertEquals(60, directory.find("cache").orElseThrow().defaultTtlSeconds());
    }

    @Test
    void twoElementsClaimingOneNameAreBothRefused() throws Exception {
        element(host.app().root(), "caches/MyRedis", "{\"type\": \"caches.RedisType\"}");
        element(host.app().root(), "caches/myredis", "{\"type\": \"caches.RedisType\"}");
        CacheService service = directory.find("myredis").orElseThrow();
        assertTrue(service.problem().contains("caches.MyRedis") && service.problem().contains("caches.myredis"),
                service.problem());
        assertNull(directory.find("cache").orElseThrow().problem());
    }
}
