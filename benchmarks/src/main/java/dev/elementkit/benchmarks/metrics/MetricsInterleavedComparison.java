package dev.elementkit.benchmarks.metrics;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.metrics.CacheMetrics;
import dev.elementkit.cache.tck.Instances;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

/**
 * A cross-check of {@link MetricsOverheadBenchmark} for a machine whose load drifts (other builds share the cores):
 * the same SQLite element is called plain and metered in alternating 100 ms slices by all threads at once, so that a
 * load swing hits both sides alike. Prints ops/s per side and the overhead.
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
            Cache[] sides = {plain, metered};
            for (int threads : threadCounts) {
                compare("get", threads, rounds, sides, (cache, key) -> cache.get(key), keys);
                compare("set", threads, rounds, sides, (cache, key) -> cache.set(key, VALUE), keys);
            }
            Instances.close(plain);
            CacheMetrics.forget(metered);
        }
    }

    private static void compare(String name, int threads, int rounds, Cache[] sides, BiConsumer<Cache, String> call,
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
        System.out.printf("%-4s threads %2d   metrics off %9.0f ops/s   on %9.0f ops/s   overhead %+.1f %%%n", name,
                threads, off, on, (off - on) / off * 100);
    }
}
