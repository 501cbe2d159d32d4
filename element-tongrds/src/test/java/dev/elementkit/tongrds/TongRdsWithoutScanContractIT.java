package dev.elementkit.tongrds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.tck.CacheContractTest;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cache contract through a TongRDS front that answers {@code SCAN} as an unknown command, as the vendor's own
 * tests suggest some versions do: {@code keys(pattern)} must still work, by {@code KEYS} on the app's prefix.
 */
class TongRdsWithoutScanContractIT extends CacheContractTest {

    private static TongRdsDeployments.Standalone deployment;
    private static PluginHarness plugins;
    private static Path appRoot;

    @BeforeAll
    static void start() throws Exception {
        deployment = new TongRdsDeployments.Standalone(null);
        deployment.front.rejectScan(true);
        plugins = PluginHarness.load("element-redis", "element-tongrds");
        appRoot = Files.createTempDirectory("tongrds-noscan-");
    }

    @AfterAll
    static void stop() {
        if (plugins != null) {
            plugins.close();
        }
        if (deployment != null) {
            deployment.close();
        }
    }

    @Override
    protected Cache newCache(String appId) throws Exception {
        return plugins.createCache(TongRdsType.FULL_NAME, new ElementContext(appId, appRoot, "caches.TongRDS"),
                deployment.config());
    }

    @Override
    protected void afterEachContract() {
        Set<String> rejectedOtherThanScan = Set.copyOf(deployment.front.rejected());
        assertTrue(rejectedOtherThanScan.isEmpty() || rejectedOtherThanScan.equals(Set.of("SCAN")),
                "only SCAN may be refused: " + deployment.front.rejected());
    }

    @Test
    void scanIsTriedOnceThenKeysOnTheAppPrefixWithAWarning() throws Exception {
        PrintStream originalErr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        deployment.front.resetCounters();
        // one element of its own, so that its connection has not met the missing SCAN yet
        Cache own = plugins.createCache(TongRdsType.FULL_NAME,
                new ElementContext("noscan-" + System.nanoTime(), appRoot, "caches.TongRDS"),
                withDb(deployment.config(), 2));
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            own.set("user_1", "a");
            own.set("order_1", "b");
            for (int i = 0; i < 3; i++) {
                assertEquals(List.of("user_1"), own.keys("user_*"));
            }
        } finally {
            System.setErr(originalErr);
            for (String key : own.keys()) {
                own.delete(key);
            }
            own.close();
        }
        assertEquals(List.of("SCAN"), deployment.front.rejected(), "SCAN is tried once per connection");
        assertTrue(deployment.front.commandsSeen().getOrDefault("KEYS", 0L) >= 3, "keys() went on with KEYS");
        String logged = log.toString(StandardCharsets.UTF_8);
        assertTrue(logged.contains("SCAN") && logged.contains("KEYS") && logged.contains("WARN"),
                "a warning says KEYS replaces SCAN: " + logged);
    }

    private static java.util.Map<String, Object> withDb(java.util.Map<String, Object> config, int db) {
        java.util.Map<String, Object> copy = new java.util.LinkedHashMap<>(config);
        copy.put("db", db);
        return copy;
    }
}
