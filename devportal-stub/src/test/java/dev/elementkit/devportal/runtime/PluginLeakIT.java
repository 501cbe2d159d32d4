package dev.elementkit.devportal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.Cache;
import dev.elementkit.devportal.embed.ElementKit;
import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing a plugin loads outlives it: an embedding program that opens and closes apps ({@link ElementKit#openApp}
 * is {@code Host.open} plus ownership), and a portal that unloads and
 * reloads plugins, keep their memory flat. Each cycle uses the SQLite and the Redis element for real (the Redis one
 * against the machine's server on 6379, under a key prefix of its own), then closes; the plugins' class loaders must
 * then be collected (their weak references cleared), and metaspace and direct memory after the last cycle must be
 * near what they were after the first.
 *
 * <p>Tagged {@code leak} to run alone ({@code -Dit.test=PluginLeakIT}); the cycle counts are settable
 * ({@code -Dleak.openCycles=200 -Dleak.reloadCycles=50}, the figures) and default to a short CI form.
 */
@Tag("leak")
@Timeout(600)
class PluginLeakIT {

    private static final int OPEN_CYCLES = Integer.getInteger("leak.openCycles", 10);
    private static final int RELOAD_CYCLES = Integer.getInteger("leak.reloadCycles", 4);
    /** Growth allowed between the first and the last reading: class data of the host itself settles in. */
    private static final long METASPACE_SLACK = 12L * 1024 * 1024;
    private static final long DIRECT_SLACK = 4L * 1024 * 1024;

    /** This test is about memory, not time: a busy machine must not fail it through the plugin call limit. */
    private static final java.time.Duration GENEROUS = java.time.Duration.ofSeconds(60);

    @TempDir
    Path temp;

    @Test
    void openingAndClosingAppsReleasesThePluginsClassLoadersAndMemory() throws Exception {
        Path app = app();
        Path plugins = temp.resolve("plugins");
        BuiltPlugins.copyTo(plugins, "element-sqlite");
        BuiltPlugins.copyTo(plugins, "element-redis");
        HostOptions options = new HostOptions(app, plugins, Map.of(), false, GENEROUS);
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        long[] first = null;
        for (int cycle = 1; cycle <= OPEN_CYCLES; cycle++) {
            try (Host host = Host.open(options)) {
                loaders.add(new WeakReference<>(use(host, "caches.Default", cycle)));
                loaders.add(new WeakReference<>(use(host, "caches.LeakRedis", cycle)));
            }
            if (cycle == 1) {
                assertCollected(loaders);
                first = settledMemory();
            } else if (Boolean.getBoolean("leak.trace") && cycle % 10 == 0) {
                assertCollected(loaders);
                long[] now = settledMemory();
                System.out.printf("leak trace: cycle %d metaspace %.1f MB direct %.1f MB%n", cycle, mb(now[0]), mb(now[1]));
            }
        }
        assertCollected(loaders);
        long[] last = settledMemory();
        report("openApp/close", OPEN_CYCLES, first, last);
        assertFlat(first, last);
    }

    @Test
    void unloadingAndReloadingEachPluginReleasesItsClassLoader() throws Exception {
        Path app = app();
        Path plugins = temp.resolve("plugins");
        Path sqlite = BuiltPlugins.copyTo(plugins, "element-sqlite");
        Path redis = BuiltPlugins.copyTo(plugins, "element-redis");
        Path stash = Files.createDirectories(temp.resolve("stash"));
        List<WeakReference<ClassLoader>> loaders = new ArrayList<>();
        long[] first = null;
        try (Host host = Host.open(new HostOptions(app, plugins, Map.of(), false, GENEROUS))) {
            for (int cycle = 1; cycle <= RELOAD_CYCLES; cycle++) {
                loaders.add(new WeakReference<>(use(host, "caches.Default", cycle)));
                loaders.add(new WeakReference<>(use(host, "caches.LeakRedis", cycle)));
                for (Path jar : List.of(sqlite, redis)) {
                    Path kept = Files.copy(jar, stash.resolve(jar.getFileName()),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    String id = jar.getFileName().toString().replaceAll("-\\d.*", "");
                    assertTrue(host.removePlugin(id), id);
                    assertEquals("STARTED", host.installPlugin(kept).state());
                }
                if (Boolean.getBoolean("leak.trace")) {
                    use(host, "caches.LeakRedis", 0);
                    assertCollected(loaders);
                    long[] now = settledMemory();
                    System.out.printf("leak trace: cycle %d metaspace %.1f MB direct %.1f MB%n", cycle, mb(now[0]), mb(now[1]));
                }
                if (cycle == 1) {
                    use(host, "caches.LeakRedis", 0); // the live plugins hold their pools at both readings
                    assertCollected(loaders);
                    first = settledMemory();
                }
            }
            use(host, "caches.LeakRedis", 0);
            assertCollected(loaders);
            long[] last = settledMemory();
            report("unload/reload", RELOAD_CYCLES, first, last);
            assertFlat(first, last);
        }
    }

    /** Uses an element for real (as an embedding program does, on its own thread) and returns its plugin's loader. */
    private static ClassLoader use(Host host, String fullName, int cycle) {
        Cache cache = host.app().getElement(fullName);
        cache.set("leak:" + cycle, "v" + cycle, 60);
        assertEquals("v" + cycle, cache.get("leak:" + cycle));
        cache.delete("leak:" + cycle);
        String type = fullName.equals("caches.Default") ? BuiltinCache.SQLITE_TYPE : BuiltinCache.REDIS_TYPE;
        ClassLoader loader = ((DefaultHost) host).runtime().type(type).orElseThrow().loader();
        assertTrue(loader instanceof org.pf4j.PluginClassLoader, String.valueOf(loader));
        return loader;
    }

    private Path app() throws IOException {
        Path app = Files.createDirectories(temp.resolve("app"));
        String appId = "leaktest.App" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        Files.writeString(app.resolve("app.json"), "{\"appId\": \"" + appId + "\"}");
        Path def = Files.createDirectories(app.resolve("caches/Default"));
        Files.writeString(def.resolve("e.json"), "{\"type\": \"caches.BuiltinsType\"}");
        Path redis = Files.createDirectories(app.resolve("caches/LeakRedis"));
        Files.writeString(redis.resolve("e.json"), "{\"type\": \"caches.RedisType\"}");
        // Generous timeouts: a loaded machine must not turn a reload into an unavailable element.
        Files.writeString(redis.resolve("LeakRedis.json"), "{\"host\": \"127.0.0.1\", \"port\": 6379, "
                + "\"socket_timeout\": 5, \"socket_connect_timeout\": 5}");
        return app;
    }

    private static void assertCollected(List<WeakReference<ClassLoader>> loaders) throws InterruptedException {
        for (int attempt = 0; attempt < 40 && loaders.stream().anyMatch(r -> r.get() != null); attempt++) {
            System.gc();
            Thread.sleep(50); // lets the reference handler clear what the collection found; not waiting for time
        }
        long alive = loaders.stream().filter(r -> r.get() != null).count();
        String dump = System.getProperty("leak.dump"); // a heap dump to find what holds them, when asked
        if (alive > 0 && dump != null) {
            try {
                ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class).dumpHeap(dump, true);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        assertEquals(0, alive, alive + " of " + loaders.size() + " plugin class loaders are still reachable");
    }

    /** Metaspace used and direct buffer memory used, after collections. */
    private static long[] settledMemory() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long metaspace = ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getName().equals("Metaspace"))
                .mapToLong(p -> p.getUsage().getUsed()).sum();
        long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(p -> p.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
        return new long[] {metaspace, direct};
    }

    private static void report(String what, int cycles, long[] first, long[] last) {
        System.out.printf("leak %s: metaspace %.1f MB after 1, %.1f MB after %d; direct %.1f MB after 1, %.1f MB after"
                + " %d%n", what, mb(first[0]), mb(last[0]), cycles, mb(first[1]), mb(last[1]), cycles);
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static void assertFlat(long[] first, long[] last) {
        assertTrue(last[0] - first[0] < METASPACE_SLACK, "metaspace grew by " + mb(last[0] - first[0]) + " MB");
        assertTrue(last[1] - first[1] < DIRECT_SLACK, "direct memory grew by " + mb(last[1] - first[1]) + " MB");
    }
}
