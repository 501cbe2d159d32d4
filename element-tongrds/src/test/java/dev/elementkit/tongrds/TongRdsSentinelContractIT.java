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
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The cache contract for {@code caches.TongRDSType} in sentinel mode: a real {@code redis-server --sentinel} with a
 * password of its own watches the master {@code WebSession} (the default master_name, so the configuration leaves
 * it out); the element asks the sentinel front for the master and must end up on the service node's front.
 */
class TongRdsSentinelContractIT extends CacheContractTest {

    private static TongRdsDeployments.Sentinel deployment;
    private static PluginHarness plugins;
    private static Path appRoot;

    @BeforeAll
    static void start() throws Exception {
        deployment = new TongRdsDeployments.Sentinel(TongRdsDeployments.newPassword(),
                TongRdsDeployments.newPassword());
        plugins = PluginHarness.load("element-redis", "element-tongrds");
        appRoot = Files.createTempDirectory("tongrds-sentinel-");
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
        assertTrue(deployment.sentinelFront.commandsSeen().containsKey("SENTINEL GET-MASTER-ADDR-BY-NAME"),
                "the master was looked up through the sentinel: " + deployment.sentinelFront.commandsSeen());
        assertTrue(deployment.front.connectionsAccepted() > 0, "the element reached the service node's front");
        assertEquals(List.of(), deployment.front.rejected(), "commands TongRDS does not have");
        assertEquals(List.of(), deployment.sentinelFront.rejected(), "HELLO sent to the sentinel");
        // A TongRDS sentinel documents no CLIENT command: the element asks it for the master, nothing more.
        assertEquals(Set.of("AUTH", "SENTINEL GET-MASTER-ADDR-BY-NAME"),
                deployment.sentinelFront.commandsSeen().keySet(), "what the element sent to the sentinel");
    }
}
