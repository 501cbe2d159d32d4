package dev.elementkit.benchmarks.redis;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * set, get and incr of the Redis cache element and of the TongRDS cache element (the same engine spoken to through
 * {@code caches.TongRDSType}: RESP2, password-only, against a plain redis-server here), each loaded from its built
 * plugin JAR through PF4J, beside raw Lettuce sync commands on the same kind of connection (one shared, thread-safe
 * connection, RESP2, database 1), in the same run. Run it at 1 and at 32 threads ({@code -t 1}, {@code -t 32}): at
 * 32 threads every benchmark thread shares the one connection (one per master in cluster mode), as every caller of an
 * element does.
 *
 * <p>The ratio element/raw is the cost of the element layer (argument checks and the {@code {appId}:} prefix, the
 * lease, the exception translation and the plugin class loader) less what the engine saves: it coalesces the flushes
 * of concurrent callers ({@code FlushCoalescing}), which raw Lettuce does not.
 *
 * <p>Methods are named operation first so that JMH runs each raw/Redis/TongRDS triple back to back (fairest on a
 * shared machine). Target: {@code -Dredis.host} / {@code -Dredis.port} (default 127.0.0.1:6379; keys are namespaced
 * by a random app id and deleted afterwards, nothing is flushed), or {@code -Dredis.cluster=host:port,host:port,...}
 * for a Redis Cluster (the elements in cluster mode, raw Lettuce through its cluster client, database 0).
 * {@code benchmarks/redis-vs-redis-benchmark.sh} runs the whole comparison against private servers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class RedisCacheBenchmark {

    private static final int KEYS = 1024;
    /** redis-benchmark's default value size (-d 3). */
    private static final String VALUE = "xxx";

    private final String appId = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    private PluginHarness harness;
    private Cache redis;
    private Cache tongRds;
    /** The raw client and its connection, closed in this order. */
    private AutoCloseable rawConnection;
    private Runnable rawShutdown;
    private RedisClusterCommands<String, String> raw;
    private final String[] keys = new String[KEYS];
    private final String[] fullKeys = new String[KEYS];

    /** Each benchmark thread walks the keys from its own starting point. */
    @State(Scope.Thread)
    public static class Cursor {
        private static final AtomicInteger STARTS = new AtomicInteger();
        int next = STARTS.getAndAdd(97);

        int nextIndex() {
            next = (next + 1) & (KEYS - 1);
            return next;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (System.getProperty("elementkit.plugins.dir") == null) {
            System.setProperty("elementkit.plugins.dir", Path.of("plugins").toAbsolutePath().toString());
        }
        String host = System.getProperty("redis.host", "127.0.0.1");
        int port = Integer.getInteger("redis.port", 6379);
        String cluster = System.getProperty("redis.cluster");
        harness = PluginHarness.load("element-redis", "element-tongrds");
        Path appDir = Files.createTempDirectory("redis-bench");
        // Two app ids, so that the two elements never touch each other's keys.
        ElementContext redisContext = new ElementContext(appId, appDir, "caches.Bench");
        ElementContext tongRdsContext = new ElementContext(appId + "-tong", appDir, "caches.TongBench");
        ClientOptions options = ClientOptions.builder().protocolVersion(ProtocolVersion.RESP2).build();
        // socket_timeout 2 s for both sides: 32 threads on a shared two-core machine can exceed the 0.5 s default.
        if (cluster == null) {
            Map<String, Object> config = Map.of("host", host, "port", port, "db", 1, "socket_timeout", 2);
            redis = harness.createCache("caches.RedisType", redisContext, config);
            tongRds = harness.createCache("caches.TongRDSType", tongRdsContext, config);
            RedisClient client = RedisClient.create();
            client.setOptions(options);
            var connection = client.connect(StringCodec.UTF8, RedisURI.Builder.redis(host, port).withDatabase(1)
                    .withTimeout(Duration.ofSeconds(2)).build());
            raw = connection.sync();
            rawConnection = connection;
            rawShutdown = client::shutdown;
        } else {
            List<String> nodes = Arrays.asList(cluster.split(","));
            Map<String, Object> config = Map.of("mode", "cluster", "nodes", nodes, "socket_timeout", 2);
            redis = harness.createCache("caches.RedisType", redisContext, config);
            tongRds = harness.createCache("caches.TongRDSType", tongRdsContext, config);
            RedisClusterClient client = RedisClusterClient.create(nodes.stream()
                    .map(node -> RedisURI.create("redis://" + node + "?timeout=2s")).toList());
            client.setOptions(io.lettuce.core.cluster.ClusterClientOptions.builder()
                    .protocolVersion(ProtocolVersion.RESP2).build());
            var connection = client.connect(StringCodec.UTF8);
            raw = connection.sync();
            rawConnection = connection;
            rawShutdown = client::shutdown;
        }

        for (int i = 0; i < KEYS; i++) {
            keys[i] = "key:" + i;
            fullKeys[i] = appId + ":raw:" + i;
            for (Cache cache : new Cache[] {redis, tongRds}) {
                cache.set(keys[i], VALUE);
                cache.setNumeric("counter:" + i, 0);
            }
            raw.set(fullKeys[i], VALUE);
            raw.set(fullKeys[i] + ":counter", "0");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        try {
            for (Cache cache : new Cache[] {redis, tongRds}) {
                for (String key : cache.keys()) {
                    cache.delete(key);
                }
            }
            for (String key : fullKeys) {
                raw.del(key);
                raw.del(key + ":counter");
            }
        } finally {
            rawConnection.close();
            rawShutdown.run();
            harness.close();
        }
    }

    @Benchmark
    public String setRaw(Cursor cursor) {
        return raw.set(fullKeys[cursor.nextIndex()], VALUE);
    }

    @Benchmark
    public boolean setRedis(Cursor cursor) {
        return redis.set(keys[cursor.nextIndex()], VALUE);
    }

    @Benchmark
    public boolean setTongRds(Cursor cursor) {
        return tongRds.set(keys[cursor.nextIndex()], VALUE);
    }

    @Benchmark
    public String getRaw(Cursor cursor) {
        return raw.get(fullKeys[cursor.nextIndex()]);
    }

    @Benchmark
    public String getRedis(Cursor cursor) {
        return redis.get(keys[cursor.nextIndex()]);
    }

    @Benchmark
    public String getTongRds(Cursor cursor) {
        return tongRds.get(keys[cursor.nextIndex()]);
    }

    @Benchmark
    public long incrRaw(Cursor cursor) {
        return raw.incr(fullKeys[cursor.nextIndex()] + ":counter");
    }

    @Benchmark
    public long incrRedis(Cursor cursor) {
        return redis.incr("counter:" + cursor.nextIndex());
    }

    @Benchmark
    public long incrTongRds(Cursor cursor) {
        return tongRds.incr("counter:" + cursor.nextIndex());
    }
}
