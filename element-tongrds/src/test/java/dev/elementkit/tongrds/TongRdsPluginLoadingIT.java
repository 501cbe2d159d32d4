package dev.elementkit.tongrds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.tck.Instances;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import dev.elementkit.platform.element.ElementType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * The element-tongrds JAR as users get it: loaded by PF4J after element-redis, whose engine it uses, and refused
 * with a reason naming element-redis when that plugin is absent.
 */
class TongRdsPluginLoadingIT {

    @Test
    void theJarHoldsNoRedisEngineNorClientOfItsOwn() throws Exception {
        try (JarFile jar = new JarFile(PluginHarness.builtJar("element-tongrds").toFile())) {
            List<String> foreign = Collections.list(jar.entries()).stream()
                    .map(e -> e.getName())
                    .filter(name -> name.startsWith("io/lettuce/") || name.startsWith("io/netty/")
                            || name.startsWith("reactor/") || name.startsWith("dev/elementkit/redis/")
                            || name.startsWith("dev/elementkit/cache/") || name.startsWith("dev/elementkit/platform/")
                            || name.startsWith("org/pf4j/") || name.startsWith("org/slf4j/"))
                    .toList();
            assertEquals(List.of(), foreign, "classes that must come from element-redis or the host");
            assertEquals("element-redis", jar.getManifest().getMainAttributes().getValue("Plugin-Dependencies"));
            String extensions = new String(jar.getInputStream(jar.getEntry("META-INF/extensions.idx")).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(extensions.contains(TongRdsType.class.getName()), extensions);
        }
    }

    @Test
    void loadsAfterElementRedisAndUsesItsEngine() throws Exception {
        try (PluginHarness plugins = PluginHarness.load("element-redis", "element-tongrds")) {
            PluginWrapper redis = plugins.manager().getPlugin("element-redis");
            PluginWrapper tongRds = plugins.manager().getPlugin("element-tongrds");
            assertEquals(PluginState.STARTED, tongRds.getPluginState());
            List<String> startOrder = plugins.manager().getStartedPlugins().stream()
                    .map(PluginWrapper::getPluginId).collect(Collectors.toList());
            assertTrue(startOrder.indexOf("element-redis") < startOrder.indexOf("element-tongrds"), startOrder
                    .toString());

            ElementType<?> type = plugins.type(TongRdsType.FULL_NAME);
            assertEquals("TongRDS Cache", type.descriptor().title());
            assertEquals("caches.Meta", type.descriptor().meta());
            ClassLoader tongRdsLoader = type.getClass().getClassLoader();
            assertSame(tongRds.getPluginClassLoader(), tongRdsLoader);
            // The engine and Lettuce, asked for through element-tongrds' loader, are element-redis' classes.
            for (String shared : List.of("dev.elementkit.redis.engine.RedisEngine", "io.lettuce.core.RedisClient")) {
                Class<?> seen = Class.forName(shared, false, tongRdsLoader);
                assertSame(redis.getPluginClassLoader(), seen.getClassLoader(), shared);
            }
            assertNotSame(redis.getPluginClassLoader(), tongRdsLoader);
        }
    }

    @Test
    void refusedWithAReasonNamingElementRedisWhenItIsAbsent() {
        RuntimeException refused = assertThrows(RuntimeException.class, () -> PluginHarness.load("element-tongrds"));
        List<String> messages = new ArrayList<>();
        for (Throwable t = refused; t != null; t = t.getCause()) {
            messages.add(String.valueOf(t.getMessage()));
        }
        assertTrue(messages.stream().anyMatch(m -> m.contains("element-redis") && m.contains("not found")),
                "PF4J names the missing dependency: " + messages);
    }

    @Test
    void unloadingElementTongRdsEndsItsEngineThreadsAndLeavesRedisWorking() throws Exception {
        TongRdsDeployments.Standalone deployment = new TongRdsDeployments.Standalone(null);
        Path appRoot = Files.createTempDirectory("tongrds-unload-");
        try (deployment; PluginHarness plugins = PluginHarness.load("element-redis", "element-tongrds")) {
            Set<Thread> before = liveThreads();
            Cache cache = plugins.createCache(TongRdsType.FULL_NAME,
                    new ElementContext("unload-" + System.nanoTime(), appRoot, "caches.TongRDS"), deployment.config());
            assertTrue(cache.set("k", "v"));
            // Lettuce makes its threads on first use: the ones that appeared now are element-tongrds' engine's.
            Set<Thread> engineThreads = liveThreads();
            engineThreads.removeAll(before);
            assertFalse(engineThreads.isEmpty(), "the engine's threads run while a cache is open");
            cache.delete("k");
            Instances.close(cache);

            plugins.unload("element-tongrds");

            assertEquals(List.of(), awaitEnd(engineThreads), "element-tongrds' engine left threads running");
            assertEquals(PluginState.STARTED, plugins.manager().getPlugin("element-redis").getPluginState());
            plugins.type("caches.RedisType");
        }
    }

    private static Set<Thread> liveThreads() {
        Set<Thread> live = new HashSet<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.isAlive()) {
                live.add(thread);
            }
        }
        return live;
    }

    /** The names of the threads still alive after up to 10 s. */
    private static List<String> awaitEnd(Set<Thread> threads) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        for (Thread thread : threads) {
            thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        return threads.stream().filter(Thread::isAlive).map(Thread::getName).sorted().toList();
    }
}
