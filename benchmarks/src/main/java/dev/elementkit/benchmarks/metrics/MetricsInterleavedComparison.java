package dev.elementkit.benchmarks.metrics;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.metrics.CacheMetrics;
import dev.elementkit.cache.tck.Instances;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * A cross-check of {@link MetricsOverheadBenchmark} for a machine whose load drifts (other builds share the cores):
 * the same SQLite element is called plain and metered in alternating 100 ms slices by all threads at once, so that a
 * load swing hits both sides alike. Prints ops/s per side and the overhead, and two lines that say how far to trust
 * it on a busy machine:
 * <ul>
 *   <li>{@code a/a}: the plain element against itself, the same way. Its "overhead" is pure noise: an on/off figure
 *       smaller than it says nothing.</li>
 *   <li>{@code decorator}: the metered wrapper around a cache that does nothing, against that cache. There the
 *       wrapper's cost is most of the call, so the noise hardly matters; its extra time per call, over the SQLite
 *       get's time per call measured in the same run, is the overhead the wrapper adds to a get
 *       ({@code get est.}).</li>
 * </ul>
 *
 * <p>Run from the repository root: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.elementkit.benchmarks.metrics.MetricsInterleavedComparison [rounds, default 60] [threads..., default 1 32]}
 */
public final class MetricsInterleavedComparison {

    private static final long SLICE_MILLIS = 100;
    private static final int WARMUP_ROUNDS = 10;
    private static final int KEYS = 1024;
    private static final String VALUE = "{\"user\":\"ann\",\"roles\":[\"admin\",\"dev\"],\"score\":12345}";

    private MetricsInterleavedComparison() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        List<Integer> threadCounts = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            threadCounts.add(Integer.parseInt(args[i]));
        }
        if (threadCounts.isEmpty()) {
            threadCounts = List.of(1, 32);
        }
        if (System.getProperty("elementkit.plugins.dir") == null) {
            System.setProperty("elementkit.plugins.dir", Path.of("plugins").toAbsolutePath().toString());
        }
        Path workDir = Files.createTempDirectory("metrics-interleaved");
        try (PluginHarness harness = PluginHarness.load("element-sqlite")) {
            Cache plain = harness.createCache("caches.SqliteType", new ElementContext("bench", workDir.resolve("app"),
                    "caches.Bench"), Map.of("directory", "appData/caches/Bench/sqlite.db"));
            Cache metered = CacheMetrics.metered(plain, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                    "caches.SqliteType", "bench");
            String[] keys = new String[KEYS];
            for (int i = 0; i < KEYS; i++) {
                keys[i] = "user:" + i;
                plain.set(keys[i], VALUE);
            }
            Cache nothing = nothing(plain.fullName());
            Cache meteredNothing = CacheMetrics.metered(nothing, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                    "caches.NothingType", "bench");
            BiConsumer<Cache, String> get = (cache, key) -> cache.get(key);
            for (int threads : threadCounts) {
                double[] sqliteGet = compare("get", threads, rounds, new Cache[] {plain, metered}, get, keys);
                compare("set", threads, rounds, new Cache[] {plain, metered}, (cache, key) -> cache.set(key, VALUE),
                        keys);
                compare("get a/a", threads, rounds, new Cache[] {plain, plain}, get, keys);
                double[] bare = compare("get decorator", threads, rounds, new Cache[] {nothing, meteredNothing}, get,
                        keys);
                // Both sides run on the same cores, so time per call is cores / throughput: the cores cancel out.
                double extraPerCall = 1 / bare[1] - 1 / bare[0];
                System.out.printf("get  threads %2d   est. overhead on the SQLite get: %.0f ns per call over %.0f ns"
                        + " = %+.1f %%%n", threads, extraPerCall * 1e9, 1e9 / sqliteGet[0],
                        extraPerCall * sqliteGet[0] * 100);
            }
            Instances.close(plain);
            CacheMetrics.forget(metered);
            CacheMetrics.forget(meteredNothing);
        }
    }

    /** A cache whose every call returns at once (null, false, 0): what is left of a metered call is the metering. */
    private static Cache nothing(String fullName) {
        return (Cache) Proxy.newProxyInstance(Cache.class.getClassLoader(), new Class<?>[] {Cache.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "fullName", "toString" -> fullName;
                    case "unavailability" -> Optional.empty();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> method.getReturnType() == boolean.class ? Boolean.FALSE
                            : method.getReturnType() == long.class ? Long.valueOf(0) : null;
                });
    }

    /** Prints and returns the {off, on} ops/s of {@code sides} called alternately. */
    private static double[] compare(String name, int threads, int rounds, Cache[] sides, BiConsumer<Cache, String> call,
                                    String[] keys) throws InterruptedException {
        LongAdder[] operations = {new LongAdder(), new LongAdder()};
        long[] nanos = new long[2];
        AtomicInteger side = new AtomicInteger();
        AtomicBoolean counting = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (!stop.get()) {
                    int current = side.get();
                    boolean count = counting.get();
                    // A batch between two looks at the flag: the look costs both sides alike.
                    for (int i = 0; i < 20; i++) {
                        call.accept(sides[current], keys[random.nextInt(keys.length)]);
                    }
                    if (count) {
                        operations[current].add(20);
                    }
                }
            });
            workers.add(worker);
            worker.start();
        }
        for (int round = 0; round < WARMUP_ROUNDS + rounds; round++) {
            for (int turn = 0; turn < 2; turn++) {
                int next = round % 2 == 0 ? turn : 1 - turn;
                long start = System.nanoTime();
                side.set(next);
                counting.set(round >= WARMUP_ROUNDS);
                Thread.sleep(SLICE_MILLIS);
                if (round >= WARMUP_ROUNDS) {
                    nanos[next] += System.nanoTime() - start;
                }
            }
        }
        stop.set(true);
        for (Thread worker : workers) {
            worker.join();
        }
        double off = operations[0].sum() * 1e9 / nanos[0];
        double on = operations[1].sum() * 1e9 / nanos[1];
        System.out.printf("%-13s threads %2d   metrics off %9.0f ops/s   on %9.0f ops/s   overhead %+.1f %%%n",
                name, threads, off, on, (off - on) / off * 100);
        return new double[] {off, on};
    }
}
