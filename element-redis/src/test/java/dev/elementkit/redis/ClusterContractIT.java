package dev.elementkit.redis;

import dev.elementkit.redis.testing.RedisCluster;
import dev.elementkit.redis.testing.RedisServers;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The cache contract on a 3-master Redis Cluster: keys spread over slots, so keys(), getAll and setAll must cover
 * every master. Only one seed node is configured, the others are discovered.
 */
class ClusterContractIT extends RedisPluginContractTest {

    static RedisCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = RedisServers.cluster(3);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    protected Map<String, Object> config() {
        return Map.of("mode", "cluster", "nodes", cluster.addresses().subList(0, 1));
    }
}
