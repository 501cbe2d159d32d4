package dev.elementkit.benchmarks.redis;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.tck.Instances;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/**
 * How soon a near-cached element sees a write by another client: that client (a raw Lettuce connection) sets the
 * hot key to a new value, and the element is read in a loop until it returns it; the time from just before the SET
 * is sent to that read is one sample. The element holds the old value in its near cache before each write (it has
 * just read it), so each sample is an invalidation's trip through the server and back. The reader pauses 20 µs
 * between reads of the old value (see {@link #POLL_PAUSE_NANOS}). Goal (issue 15): p99 ≤ 5 ms
 * over ≥ 10 000 writes.
 *
 * <p>Prints one line, {@code visibility writes=N p50_us=… p99_us=… max_us=… reads_of_the_old_value=… set_p50_us=…
 * set_p99_us=…}, for
 * {@code near-cache-benchmark.sh}. Arguments: {@code -Dredis.host}, {@code -Dredis.port}, {@code -Dwrites}
 * (default 10 000).
 */
public final class NearCacheVisibility {

    /** Between reads of the old value; adds at most this (plus the timer's slack) to a sample. */
    private static final long POLL_PAUSE_NANOS = 20_000;

    private NearCacheVisibility() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("elementkit.plugins.dir") == null) {
            System.setProperty("elementkit.plugins.dir", Path.of("plugins").toAbsolutePath().toString());
        }
        String host = System.getProperty("redis.host", "127.0.0.1");
        int port = Integer.getInteger("redis.port", 6379);
        int writes = Integer.getInteger("writes", 10_000);
        String appId = "near-visibility-" + UUID.randomUUID().toString().substring(0, 8);
        RedisClient client = RedisClient.create();
        client.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP2).build());
        try (PluginHarness harness = PluginHarness.load("element-redis");
             StatefulRedisConnection<String, String> connection = client.connect(StringCodec.UTF8,
                     RedisURI.Builder.redis(host, port).withDatabase(1).withTimeout(Duration.ofSeconds(2)).build())) {
            Cache element = harness.createCache("caches.RedisType",
                    new ElementContext(appId, Files.createTempDirectory("near-visibility"), "caches.Near"),
                    Map.of("host", host, "port", port, "socket_timeout", 2, "near_cache", true));
            RedisCommands<String, String> other = connection.sync();
            String fullKey = appId + ":hot";
            other.set(fullKey, "0");
            for (int warmup = 1; warmup <= 1000; warmup++) {
                writeAndAwait(other, element, fullKey, "w" + warmup);
            }
            long[] micros = new long[writes];
            long[] setMicros = new long[writes];
            long staleReads = 0;
            for (int i = 0; i < writes; i++) {
                Sample sample = writeAndAwait(other, element, fullKey, Integer.toString(i));
                micros[i] = sample.micros();
                setMicros[i] = sample.setMicros();
                staleReads += sample.staleReads();
            }
            other.del(fullKey);
            Instances.close(element);
            Arrays.sort(micros);
            Arrays.sort(setMicros);
            int p99 = (int) Math.ceil(writes * 0.99) - 1;
            System.out.printf("visibility writes=%d p50_us=%d p99_us=%d max_us=%d reads_of_the_old_value=%d "
                            + "set_p50_us=%d set_p99_us=%d%n", writes, micros[writes / 2], micros[p99],
                    micros[writes - 1], staleReads, setMicros[writes / 2], setMicros[p99]);
        } finally {
            client.shutdown();
        }
    }

    /**
     * One write: microseconds until the element returned it, how many reads returned the old value first, and the
     * writer's own round trip (the machine's network latency in the same moment, for comparison).
     */
    private record Sample(long micros, long staleReads, long setMicros) {
    }

    /**
     * Reads the key through the element (so the near cache holds it), lets {@code other} write {@code value}, and
     * reads until the element returns it.
     */
    private static Sample writeAndAwait(RedisCommands<String, String> other, Cache element, String fullKey,
                                        String value) {
        String before = element.get("hot");
        element.get("hot"); // served locally from here on
        long stale = 0;
        long start = System.nanoTime();
        other.set(fullKey, value);
        long setMicros = (System.nanoTime() - start) / 1_000;
        String seen = element.get("hot");
        while (!value.equals(seen)) {
            if (!String.valueOf(before).equals(String.valueOf(seen))) {
                throw new IllegalStateException("read '" + seen + "', neither the old '" + before + "' nor '"
                        + value + "'");
            }
            stale++;
            // A short pause, not a spin: on a loaded two-core machine a spinning reader takes the CPU that the
            // connection's event loop needs to deliver the invalidation, and would measure its own interference.
            LockSupport.parkNanos(POLL_PAUSE_NANOS);
            seen = element.get("hot");
        }
        return new Sample((System.nanoTime() - start) / 1_000, stale, setMicros);
    }
}
