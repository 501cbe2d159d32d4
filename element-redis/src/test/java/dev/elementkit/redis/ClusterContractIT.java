package dev.elementkit.redis;

import dev.elementkit.redis.testing.RedisFixture;
import dev.elementkit.redis.testing.RedisCluster;
import dev.elementkit.redis.testing.RedisServers;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cache contract on a 3-master Redis Cluster: keys spread over slots, so keys(), getAll and setAll must cover
 * every master. Only one seed node is configured, the others are discovered.
 */
class ClusterContractIT extends RedisPluginContractTest {

    @RegisterExtension
    static final RedisFixture<RedisCluster> cluster = RedisFixture.of(() -> RedisServers.cluster(3));

    @Override
    protected Map<String, Object> config() {
        return Map.of("mode", "cluster", "nodes", cluster.get().addresses().subList(0, 1));
    }
}
