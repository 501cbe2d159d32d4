package dev.elementkit.tongrds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.redis.testing.RedisFixture;
import dev.elementkit.tongrds.testing.TongRdsProxy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.RegisterExtension;

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
class TongRdsClusterContractIT extends TongRdsPluginContractTest {

    @RegisterExtension
    static final RedisFixture<TongRdsDeployments.FrontedCluster> deployment =
            RedisFixture.of(TongRdsDeployments.FrontedCluster::new);

    @Override
    protected Map<String, Object> config() {
        return Map.of("mode", "cluster", "nodes", List.of(deployment.get().seedFront.address()),
                "socket_timeout", TongRdsDeployments.TIMEOUT_SECONDS,
                "socket_connect_timeout", TongRdsDeployments.TIMEOUT_SECONDS);
    }

    @Override
    protected void afterEachContract() {
        TongRdsProxy seedFront = deployment.get().seedFront;
        assertTrue(seedFront.commandsSeen().keySet().stream().anyMatch(c -> c.startsWith("CLUSTER")),
                "the topology was discovered through the seed's front: " + seedFront.commandsSeen());
        assertEquals(Set.of(), seedFront.rejected().stream().filter(c -> !c.equals("CLIENT SETNAME"))
                .collect(Collectors.toSet()), "commands TongRDS does not have; seen: " + seedFront.commandsSeen());
    }
}
