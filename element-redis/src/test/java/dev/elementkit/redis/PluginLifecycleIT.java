package dev.elementkit.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.tck.Instances;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import dev.elementkit.redis.testing.RedisServer;
import dev.elementkit.redis.testing.RedisServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The plugin JAR loaded through PF4J, used, unloaded, loaded again: connections shared, threads gone. */
@Timeout(120)
class PluginLifecycleIT {

    @Test
    void loadUseUnloadLoadAgainLeavesNoThreadBehind() throws Exception {
        RedisServers.requireBinaries();
        Path appRoot = Files.createTempDirectory("redis-lifecycle-");
        try (RedisServer server = RedisServers.standalone()) {
            Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
            PluginHarness harness = PluginHarness.load("element-redis");
            try {
                for (int round = 1; round <= 2; round++) {
                    useTwoElements(harness, server, appRoot, round);
                    harness.unload("element-redis");
                    assertNoThreadOfThePluginSurvives(before);
                    if (round == 1) {
                        harness.loadAgain("element-redis");
                    }
                }
            } finally {
                harness.close();
            }
        }
    }

    /**
     * Two elements of identical configuration share one connection, a third with another database has its own;
     * closing all of them leaves no connection open.
     */
    private static void useTwoElements(PluginHarness harness, RedisServer server, Path appRoot, int round)
            throws Exception {
        Map<String, Object> config = Map.of("host", server.host(), "port", server.port());
        String appId = "lifecycle-" + round + "-" + System.nanoTime();
        Cache first = harness.createCache(RedisType.FULL_NAME, new ElementContext(appId, appRoot, "caches.A"), config);
        Cache second = harness.createCache(RedisType.FULL_NAME, new ElementContext(appId, appRoot, "caches.B"), config);
        Cache other = harness.createCache(RedisType.FULL_NAME, new ElementContext(appId, appRoot, "caches.C"),
                Map.of("host", server.host(), "port", server.port(), "db", 2));
        first.set("shared", "round " + round);
        assertEquals("round " + round, second.get("shared"));
        assertEquals(null, other.get("shared"), "db 2 is another database");
        assertEquals(2, clientCount(server), "equal configurations share one connection: " + server.cli("CLIENT", "LIST"));
        first.delete("shared");
        Instances.close(first);
        Instances.close(second);
        Instances.close(other);
        assertEquals(0, awaitClientCount(server, 0), "closing every element closes every connection");
    }

    private static int clientCount(RedisServer server) {
        // redis-cli's own connection is listed too.
        return (int) server.cli("CLIENT", "LIST").lines().filter(l -> !l.contains("cmd=client")).count();
    }

    private static int awaitClientCount(RedisServer server, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        int count;
        while ((count = clientCount(server)) != expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return count;
    }

    private static void assertNoThreadOfThePluginSurvives(Set<Thread> before) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        Set<String> survivors;
        do {
            survivors = Thread.getAllStackTraces().keySet().stream()
                    .filter(Thread::isAlive)
                    .filter(t -> !before.contains(t))
                    .filter(t -> !t.getName().startsWith("redis-server-reaper"))
                    .map(Thread::getName)
                    .collect(Collectors.toSet());
            if (survivors.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        assertTrue(survivors.isEmpty(), "threads started since the plugin was loaded still run after unloading it: "
                + survivors);
    }
}
