package dev.elementkit.devportal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.CacheUnavailableException;
import dev.elementkit.platform.app.ElementInfo;
import dev.elementkit.platform.app.ElementStatus;
import dev.elementkit.platform.connection.ConnectionTestResult;
import dev.elementkit.redis.testing.RedisServer;
import dev.elementkit.redis.testing.RedisServers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a server install the built-in cache runs on Redis: the demo app with the real element-sqlite and element-redis
 * JARs, against the machine's Redis on 127.0.0.1:6379 (shared: a unique app id, only this test's keys touched).
 * The URLs raise the reference's 0.5 s timeouts, which a loaded build machine overruns.
 */
class HostRedisIT {

    @TempDir
    Path temp;
    Path app;
    Path plugins;
    String appId;
    Host host;

    @BeforeEach
    void app() throws IOException {
        app = TestPluginJars.copyTree(BuiltPlugins.demoApp(), temp.resolve("app"));
        plugins = temp.resolve("plugins");
        BuiltPlugins.copyTo(plugins, "element-sqlite");
        BuiltPlugins.copyTo(plugins, "element-redis");
        appId = "it.HostRedis" + UUID.randomUUID().toString().replace("-", "");
    }

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    @Test
    void withRedisUrlTheBuiltInCacheIsOnRedis() throws Exception {
        Files.writeString(app.resolve("app.json"), "{\"appId\": \"" + appId + "\"}");
        host = Host.open(new HostOptions(app, plugins,
                Map.of("REDIS_URL", "redis://127.0.0.1:6379/0?socket_timeout=5&socket_connect_timeout=5"), false));
        assertEquals("element-redis", host.type("caches.BuiltinsType").orElseThrow().pluginId());

        Cache cache = host.app().getElement("caches.Default");
        try {
            cache.set("greeting", "hello from the host", 120);
            assertEquals("hello from the host", redisCli("GET", appId + ":greeting"));
            assertFalse(Files.exists(app.resolve("appData/caches/DefaultCache/sqlite.db")), "not on SQLite");
            ConnectionTestResult test = host.testElement("caches.Default", Duration.ofSeconds(10));
            assertTrue(test.success(), test.toString());
        } finally {
            cache.delete("greeting");
        }
    }

    @Test
    void dreamFactorysVariablesChooseTheBuiltInCachesBackend() throws Exception {
        Files.writeString(app.resolve("app.json"), "{\"appId\": \"" + appId + "\"}");
        host = Host.open(new HostOptions(app, plugins, Map.of("CACHE_DRIVER", "redis", "REDIS_HOST", "127.0.0.1",
                "REDIS_PORT", "6379", "REDIS_DATABASE", "0"), false));
        Cache cache = host.app().getElement("caches.Default");
        try {
            cache.set("driver", "redis", 120);
            assertEquals("redis", redisCli("GET", appId + ":driver"));
        } finally {
            cache.delete("driver");
        }
        host.close();
        // CACHE_DRIVER=sqlite wins over a REDIS_URL that is set for other programs.
        host = Host.open(new HostOptions(app, plugins, Map.of("CACHE_DRIVER", "sqlite",
                "REDIS_URL", "redis://127.0.0.1:6379/0"), false));
        host.app().<Cache>getElement("caches.Default").set("driver", "sqlite");
        assertTrue(Files.exists(app.resolve("appData/caches/DefaultCache/sqlite.db")));
        host.close();
        host = Host.open(new HostOptions(app, plugins, Map.of("CACHE_DRIVER", "memcache"), false));
        ConnectionTestResult wrong = host.testElement("caches.Default", Duration.ofSeconds(5));
        assertFalse(wrong.success());
        assertTrue(wrong.message().contains("CACHE_DRIVER must be redis or sqlite"), wrong.message());
    }

    @Test
    void aServerAppJsonWithARedisUrlPutsTheBuiltInCacheOnRedis() throws Exception {
        Files.writeString(app.resolve("app.json"), "{\"appId\": \"" + appId + "\", \"settings\": {\"server\": true,"
                + " \"redis\": {\"url\": \"redis://{{CACHE_HOST}}:6379/0?socket_timeout=5&socket_connect_timeout=5\"}}}");
        Files.writeString(app.resolve(".env"), "CACHE_HOST=127.0.0.1\n");
        host = Host.open(new HostOptions(app, plugins, Map.of(), false));
        Cache cache = host.app().getElement("caches.Default");
        try {
            assertEquals(5L, cache.incr("hits", 5));
            assertEquals("5", redisCli("GET", appId + ":hits"));
        } finally {
            cache.delete("hits");
        }
        // Without the server setting the same app stays on SQLite.
        host.close();
        Files.writeString(app.resolve("app.json"), "{\"appId\": \"" + appId + "\"}");
        host = Host.open(new HostOptions(app, plugins, Map.of(), false));
        host.app().<Cache>getElement("caches.Default").set("local", "yes");
        assertTrue(Files.exists(app.resolve("appData/caches/DefaultCache/sqlite.db")));
    }

    /**
     * Redis down when the element is first used: getElement hands the element out (not BrokenElementException), its
     * calls fail as unavailable and "not applied", the host lists it UNAVAILABLE with the reason, and once a server
     * listens it works and is READY, without re-creating it.
     */
    @Test
    void anElementWhoseServerIsDownIsUnavailableNotBrokenAndRecoversOnItsOwn() throws Exception {
        RedisServers.requireBinaries();
        try (RedisServer redis = RedisServers.standalone()) {
            redis.kill();
            Files.writeString(app.resolve("app.json"), "{\"appId\": \"" + appId + "\"}");
            Path folder = Files.createDirectories(app.resolve("caches/Later"));
            Files.writeString(folder.resolve("e.json"), "{\"title\": \"Later\", \"type\": \"caches.RedisType\"}");
            Files.writeString(folder.resolve("Later.json"), "{\"host\": \"127.0.0.1\", \"port\": " + redis.port()
                    + ", \"socket_timeout\": 5, \"socket_connect_timeout\": 5}");
            host = Host.open(new HostOptions(app, plugins, Map.of(), false));

            Cache cache = host.app().getElement("caches.Later");
            CacheUnavailableException down = assertThrows(CacheUnavailableException.class, () -> cache.incr("n"));
            assertFalse(down.mayHaveBeenApplied(), down.getMessage());
            ElementInfo unavailable = info("caches.Later");
            assertEquals(ElementStatus.UNAVAILABLE, unavailable.status(), unavailable.toString());
            assertTrue(unavailable.error().contains("127.0.0.1:" + redis.port()), unavailable.error());

            redis.restart();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!cache.ping() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1L, cache.incr("n"));
            assertEquals(ElementStatus.READY, info("caches.Later").status());
            assertSame(cache, host.app().getElement("caches.Later"), "recovered without re-creation");
        }
    }

    private ElementInfo info(String fullName) {
        return host.elements().stream().filter(e -> e.fullName().equals(fullName)).findFirst().orElseThrow();
    }

    private static String redisCli(String... command) throws Exception {
        String[] args = new String[command.length + 5];
        System.arraycopy(new String[] {"redis-cli", "-h", "127.0.0.1", "-p", "6379"}, 0, args, 0, 5);
        System.arraycopy(command, 0, args, 5, command.length);
        Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
        return out;
    }
}
