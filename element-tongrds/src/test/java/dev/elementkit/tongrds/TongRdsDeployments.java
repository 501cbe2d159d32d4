package dev.elementkit.tongrds;

import dev.elementkit.redis.testing.RedisCluster;
import dev.elementkit.redis.testing.RedisServer;
import dev.elementkit.redis.testing.RedisSentinels;
import dev.elementkit.redis.testing.RedisServers;
import dev.elementkit.tongrds.testing.TongRdsProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * TongRDS-behaving deployments for the integration tests: real {@code redis-server} processes (the Redis plugin's
 * fixtures) behind {@link TongRdsProxy} fronts. The test owns what it gets and closes it; closing stops the fronts
 * and then the servers.
 */
final class TongRdsDeployments {

    private TongRdsDeployments() {
    }

    /**
     * Seconds for commands and connects in the tests' configurations: the reference's 0.5 s is too tight on a
     * build machine where five builds share two cores (the defaults themselves are checked in TongRdsConfigTest).
     */
    static final double TIMEOUT_SECONDS = 5;

    /** A password made for one test run: never a vendor sample such as 123456. */
    static String newPassword() {
        return "pw-" + UUID.randomUUID();
    }

    /** One service node: a Redis with a password, fronted by a TongRDS proxy. */
    static final class Standalone implements AutoCloseable {
        final RedisServer redis;
        final TongRdsProxy front;
        final String password;

        Standalone(String password) {
            RedisServers.requireBinaries();
            this.password = password;
            this.redis = password == null ? RedisServers.standalone() : RedisServers.withPassword(password);
            try {
                this.front = TongRdsProxy.start(redis.host(), redis.port());
            } catch (IOException e) {
                redis.close();
                throw new UncheckedIOException(e);
            }
        }

        /** The element configuration pointing at the front. */
        Map<String, Object> config() {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("host", front.host());
            config.put("port", front.port());
            config.put("socket_timeout", TIMEOUT_SECONDS);
            config.put("socket_connect_timeout", TIMEOUT_SECONDS);
            if (password != null) {
                config.put("password", password);
            }
            return config;
        }

        @Override
        public void close() {
            front.close();
            redis.close();
        }
    }

    /**
     * Sentinel mode: a master with a password watched by a sentinel with its own password, master name
     * {@code WebSession} (TongRDS' default service name). The master has a service-node front; the sentinel has a
     * sentinel front that hands out the service node's front as the master's address, as a TongRDS sentinel hands
     * out its service nodes. The sentinel itself watches the real master.
     */
    static final class Sentinel implements AutoCloseable {
        final RedisSentinels redis;
        final TongRdsProxy front;
        final TongRdsProxy sentinelFront;
        final String password;
        final String sentinelPassword;

        Sentinel(String password, String sentinelPassword) {
            RedisServers.requireBinaries();
            this.password = password;
            this.sentinelPassword = sentinelPassword;
            this.redis = RedisServers.sentinel(TongRdsConfig.DEFAULT_MASTER_NAME, password, sentinelPassword);
            List<AutoCloseable> started = new ArrayList<>();
            try {
                RedisServer master = redis.master();
                RedisServer sentinel = redis.sentinel();
                front = TongRdsProxy.start(master.host(), master.port());
                started.add(front);
                sentinelFront = TongRdsProxy.startSentinelFront(sentinel.host(), sentinel.port(),
                        Map.of(master.host() + ":" + master.port(), front.address()));
            } catch (IOException | RuntimeException e) {
                started.forEach(TongRdsDeployments::closeQuietly);
                redis.close();
                throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
            }
        }

        /** The element configuration: sentinel mode through the sentinel front, master_name left to its default. */
        Map<String, Object> config() {
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("mode", "sentinel");
            config.put("nodes", List.of(sentinelFront.address()));
            config.put("socket_timeout", TIMEOUT_SECONDS);
            config.put("socket_connect_timeout", TIMEOUT_SECONDS);
            if (password != null) {
                config.put("password", password);
            }
            if (sentinelPassword != null) {
                config.put("sentinel_password", sentinelPassword);
            }
            return config;
        }

        @Override
        public void close() {
            sentinelFront.close();
            front.close();
            redis.close();
        }
    }

    /**
     * A 3-master Redis Cluster whose first node, the one seed the element is given, stands behind a TongRDS front.
     */
    static final class FrontedCluster implements AutoCloseable {
        final RedisCluster cluster;
        final TongRdsProxy seedFront;

        FrontedCluster() {
            RedisServers.requireBinaries();
            this.cluster = RedisServers.cluster(3);
            RedisServer seed = cluster.nodes().get(0);
            try {
                this.seedFront = TongRdsProxy.start(seed.host(), seed.port());
            } catch (IOException e) {
                cluster.close();
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            seedFront.close();
            cluster.close();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // cleaning up after a failed start
        }
    }
}
