package dev.elementkit.redis.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Redis Cluster of masters on free loopback ports, made with {@code redis-cli --cluster create}.
 *
 * @since 1.0.0
 */
public final class RedisCluster implements AutoCloseable {

    private final List<RedisServer> nodes;

    private RedisCluster(List<RedisServer> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    static RedisCluster start(int masters) {
        List<RedisServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < masters; i++) {
                nodes.add(RedisServers.server(List.of("--cluster-enabled", "yes", "--cluster-config-file",
                        "nodes.conf", "--cluster-node-timeout", "2000", "--appendonly", "no"), List.of()));
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            nodes.forEach(node -> create.add(node.address()));
            create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
            RedisServers.run(create, Duration.ofSeconds(30));
            RedisCluster cluster = new RedisCluster(nodes);
            cluster.awaitStateOk();
            return cluster;
        } catch (RuntimeException e) {
            nodes.forEach(RedisServer::close);
            throw e;
        }
    }

    /** The nodes, each a master. */
    public List<RedisServer> nodes() {
        return nodes;
    }

    /** {@code host:port} of every node, as an element's {@code nodes} field takes them. */
    public List<String> addresses() {
        return nodes.stream().map(RedisServer::address).toList();
    }

    private void awaitStateOk() {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (nodes.stream().allMatch(n -> n.cli("CLUSTER", "INFO").contains("cluster_state:ok"))) {
                return;
            }
            RedisServer.sleep(100);
        }
        throw new IllegalStateException("the cluster did not reach state ok: " + nodes.get(0).cli("CLUSTER", "INFO"));
    }

    @Override
    public void close() {
        nodes.forEach(RedisServer::close);
    }
}
