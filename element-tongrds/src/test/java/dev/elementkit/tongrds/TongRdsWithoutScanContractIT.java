package dev.elementkit.tongrds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.tck.Instances;
import dev.elementkit.platform.element.ElementContext;
import dev.elementkit.redis.testing.RedisFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cache contract through a TongRDS front that answers {@code SCAN} as an unknown command, as the vendor's own
 * tests suggest some versions do: {@code keys(pattern)} must still work, by {@code KEYS} on the app's prefix.
 */
class TongRdsWithoutScanContractIT extends TongRdsPluginContractTest {

    @RegisterExtension
    static final RedisFixture<TongRdsDeployments.Standalone> deployment =
            RedisFixture.of(TongRdsWithoutScanContractIT::startWithoutScan);

    private static TongRdsDeployments.Standalone startWithoutScan() {
        TongRdsDeployments.Standalone started = new TongRdsDeployments.Standalone(null);
        started.front.rejectScan(true);
        return started;
    }

    @Override
    protected Map<String, Object> config() {
        return deployment.get().config();
    }

    @Override
    protected void afterEachContract() {
        Set<String> rejectedOtherThanScan = Set.copyOf(deployment.get().front.rejected());
        assertTrue(rejectedOtherThanScan.isEmpty() || rejectedOtherThanScan.equals(Set.of("SCAN")),
                "only SCAN may be refused: " + deployment.get().front.rejected());
    }

    @Test
    void scanIsTriedOnceThenKeysOnTheAppPrefixWithAWarning() throws Exception {
        PrintStream originalErr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        deployment.get().front.resetCounters();
        // one element of its own, so that its connection has not met the missing SCAN yet
        Cache own = plugins.createCache(TongRdsType.FULL_NAME,
                new ElementContext("noscan-" + System.nanoTime(), appRoot, "caches.TongRDS"),
                withDb(deployment.get().config(), 2));
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
            Instances.close(own);
        }
        assertEquals(List.of("SCAN"), deployment.get().front.rejected(), "SCAN is tried once per connection");
        assertTrue(deployment.get().front.commandsSeen().getOrDefault("KEYS", 0L) >= 3, "keys() went on with KEYS");
        String logged = log.toString(StandardCharsets.UTF_8);
        assertTrue(logged.contains("SCAN") && logged.contains("KEYS") && logged.contains("WARN"),
                "a warning says KEYS replaces SCAN: " + logged);
    }

    private static Map<String, Object> withDb(Map<String, Object> config, int db) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(config);
        copy.put("db", db);
        return copy;
    }
}
