package dev.elementkit.tongrds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.tck.CacheContractTest;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The cache contract for {@code caches.TongRDSType} in standalone mode, through a TongRDS-behaving front (Redis with
 * a password behind it), with both plugins loaded from their JARs. After every test the front must have seen no
 * command TongRDS lacks: no {@code HELLO}, nothing outside the vendor list.
 */
class TongRdsContractIT extends CacheContractTest {

    private static TongRdsDeployments.Standalone deployment;
    private static PluginHarness plugins;
    private static Path appRoot;

    @BeforeAll
    static void start() throws Exception {
        deployment = new TongRdsDeployments.Standalone(TongRdsDeployments.newPassword());
        plugins = PluginHarness.load("element-redis", "element-tongrds");
        appRoot = Files.createTempDirectory("tongrds-tck-");
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
        assertEquals(List.of(), deployment.front.rejected(), "commands TongRDS does not have");
        assertTrue(deployment.front.commandsSeen().containsKey("AUTH"), "the password was sent with AUTH");
    }
}
