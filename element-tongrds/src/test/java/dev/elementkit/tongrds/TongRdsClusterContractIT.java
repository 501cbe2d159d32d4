package dev.elementkit.tongrds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.tck.CacheContractTest;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import dev.elementkit.redis.testing.RedisCluster;
import dev.elementkit.redis.testing.RedisServer;
import dev.elementkit.redis.testing.RedisServers;
import dev.elementkit.tongrds.testing.TongRdsProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The cache contract for {@code caches.TongRDSType} in cluster mode on a 3-master Redis Cluster. The one configured
 * seed node stands behind a TongRDS front, so that the topology discovery (what Lettuce asks a cluster node before
 * anything else) must keep to the vendor's list, where cluster mode offers only {@code CLUSTER INFO|SLOTS|NODES}.
 * The discovered nodes are then reached at the addresses the cluster announces, without fronts: rewriting
 * addresses inside {@code CLUSTER NODES} and {@code MOVED} replies is beyond what the front needs to show.
 *
 * <p>One exception is pinned here: Lettuce's topology refresh sends {@code CLIENT SETNAME
 * lettuce#ClusterTopologyRefresh} on each of its short-lived connections, hard-coded, with no option to turn it
 * off, and drops the reply. TongRDS refuses it as an unknown command and nothing else happens: the contract
 * passing through the front shows that the refusal is harmless.
 */
class TongRdsClusterContractIT extends CacheContractTest {

    private static RedisCluster cluster;
    private static TongRdsProxy seedFront;
    private static PluginHarness plugins;
    private static Path appRoot;

    @BeforeAll
    static void start() throws Exception {
        RedisServers.requireBinaries();
        cluster = RedisServers.cluster(3);
        RedisServer seed = cluster.nodes().get(0);
        seedFront = TongRdsProxy.start(seed.host(), seed.port());
        plugins = PluginHarness.load("element-redis", "element-tongrds");
        appRoot = Files.createTempDirectory("tongrds-cluster-");
    }

    @AfterAll
    static void stop() {
        if (plugins != null) {
            plugins.close();
        }
        if (seedFront != null) {
            seedFront.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    protected Cache newCache(String appId) throws Exception {
        return plugins.createCache(TongRdsType.FULL_NAME, new ElementContext(appId, appRoot, "caches.TongRDS"),
                Map.of("mode", "cluster", "nodes", List.of(seedFront.address()),
                        "socket_timeout", TongRdsDeployments.TIMEOUT_SECONDS,
                        "socket_connect_timeout", TongRdsDeployments.TIMEOUT_SECONDS));
    }

    @Override
    protected void afterEachContract() {
        assertTrue(seedFront.commandsSeen().keySet().stream().anyMatch(c -> c.startsWith("CLUSTER")),
                "the topology was discovered through the seed's front: " + seedFront.commandsSeen());
        assertEquals(Set.of(), seedFront.rejected().stream().filter(c -> !c.equals("CLIENT SETNAME"))
                .collect(Collectors.toSet()), "commands TongRDS does not have; seen: " + seedFront.commandsSeen());
    }
}
