package dev.elementkit.benchmarks.memcached;

import com.spotify.folsom.AsciiMemcacheClient;
import com.spotify.folsom.ConnectFuture;
import com.spotify.folsom.MemcacheClientBuilder;
import dev.elementkit.cache.Cache;
import dev.elementkit.cache.tck.Instances;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import io.netty.channel.nio.NioEventLoopGroup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * set, get and incr of the Memcached cache element, loaded from the built plugin JAR through PF4J, beside raw Folsom
 * (the client the plugin bundles, one ASCII connection, the same settings) in the same run.
 *
 * <p>Both sides use Folsom over one NIO event loop, replies completed on it. set and get are the same command on
 * both sides, so element/raw is the element layer's cost. incr is not: the raw side is Memcached's own {@code incr}
 * (unsigned, one round trip), the element's is a CAS loop of {@code mg} and {@code ms} (two round trips) that keeps
 * the cache's rules for negative numbers, overflow and TTLs, so expect about half. Target:
 * {@code -Dmemcached.servers=host:port} (default 127.0.0.1:11211); keys are namespaced by a random app id and
 * deleted afterwards. {@code benchmarks/memcached-vs-memcslap.sh} runs it against a private server beside
 * memcslap.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class MemcachedCacheBenchmark {

    private static final int KEYS = 1024;
    private static final String VALUE = "xxx";

    private final String appId = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    private PluginHarness harness;
    private Cache cache;
    private AsciiMemcacheClient<String> raw;
    private NioEventLoopGroup rawEventLoop;
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
        String servers = System.getProperty("memcached.servers", "127.0.0.1:11211");
        harness = PluginHarness.load("element-memcached");
        cache = harness.createCache("caches.MemcachedType",
                new ElementContext(appId, Files.createTempDirectory("memcached-bench"), "caches.Bench"),
                Map.of("servers", List.of(servers.split(",")), "timeout_ms", 2000));
        // The plugin's transport: one NIO event loop (Folsom would pick epoll here, where the benchmarks bundle it).
        rawEventLoop = new NioEventLoopGroup(1);
        MemcacheClientBuilder<String> builder = MemcacheClientBuilder.newStringClient(StandardCharsets.UTF_8)
                .withEventLoopGroup(rawEventLoop).withReplyExecutor(Runnable::run).withRequestTimeoutMillis(2000)
                .withRetry(false);
        for (String server : servers.split(",")) {
            String[] hostPort = server.split(":");
            builder.withAddress(hostPort[0], Integer.parseInt(hostPort[1]));
        }
        raw = builder.connectAscii();
        ConnectFuture.connectFuture(raw).toCompletableFuture().get(5, TimeUnit.SECONDS);
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "key:" + i;
            fullKeys[i] = appId + ":raw:" + i;
            cache.set(keys[i], VALUE);
            cache.setNumeric("counter:" + i, 0);
            raw.set(fullKeys[i], VALUE, 0).toCompletableFuture().get();
            raw.set(fullKeys[i] + ":counter", "0", 0).toCompletableFuture().get();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        try {
            cache.clear();
            for (String key : fullKeys) {
                raw.delete(key).toCompletableFuture().get();
                raw.delete(key + ":counter").toCompletableFuture().get();
            }
        } finally {
            raw.shutdown();
            rawEventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            Instances.close(cache);
            harness.close();
        }
    }

    @Benchmark
    public boolean setElement(Cursor cursor) {
        return cache.set(keys[cursor.nextIndex()], VALUE);
    }

    @Benchmark
    public Object setRaw(Cursor cursor) throws Exception {
        return raw.set(fullKeys[cursor.nextIndex()], VALUE, 0).toCompletableFuture().get();
    }

    @Benchmark
    public String getElement(Cursor cursor) {
        return cache.get(keys[cursor.nextIndex()]);
    }

    @Benchmark
    public String getRaw(Cursor cursor) throws Exception {
        return raw.get(fullKeys[cursor.nextIndex()]).toCompletableFuture().get();
    }

    @Benchmark
    public long incrElement(Cursor cursor) {
        return cache.incr("counter:" + cursor.nextIndex());
    }

    @Benchmark
    public Long incrRaw(Cursor cursor) throws Exception {
        return raw.incr(fullKeys[cursor.nextIndex()] + ":counter", 1).toCompletableFuture().get();
    }
}
