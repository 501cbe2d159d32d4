package dev.elementkit.benchmarks.redis;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.tck.Instances;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A hot-key GET of two Redis elements loaded from the built plugin JAR, in the same run against the same server:
 * one with the near cache on (served from local memory after the first read), one without (a network round trip
 * each). The goal (issue 15): near / network ≥ 20 at 1 thread ({@code -t 1}).
 *
 * <p>Target: {@code -Dredis.host} / {@code -Dredis.port} (default 127.0.0.1:6379; keys under a random app id,
 * deleted afterwards). {@code benchmarks/near-cache-benchmark.sh} runs it against a private server.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class NearCacheBenchmark {

    private static final String HOT_KEY = "hot";

    private final String appId = "near-bench-" + UUID.randomUUID().toString().substring(0, 8);
    private PluginHarness harness;
    private Cache near;
    private Cache network;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (System.getProperty("elementkit.plugins.dir") == null) {
            System.setProperty("elementkit.plugins.dir", Path.of("plugins").toAbsolutePath().toString());
        }
        String host = System.getProperty("redis.host", "127.0.0.1");
        int port = Integer.getInteger("redis.port", 6379);
        harness = PluginHarness.load("element-redis");
        Path dir = Files.createTempDirectory("near-bench");
        near = harness.createCache("caches.RedisType", new ElementContext(appId, dir, "caches.Near"),
                Map.of("host", host, "port", port, "socket_timeout", 2, "near_cache", true));
        network = harness.createCache("caches.RedisType", new ElementContext(appId, dir, "caches.Network"),
                Map.of("host", host, "port", port, "socket_timeout", 2));
        network.set(HOT_KEY, "a value read again and again");
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        try {
            network.delete(HOT_KEY);
        } finally {
            Instances.close(near);
            Instances.close(network);
            harness.close();
        }
    }

    @Benchmark
    public String getHotNear() {
        return near.get(HOT_KEY);
    }

    @Benchmark
    public String getHotNetwork() {
        return network.get(HOT_KEY);
    }
}
