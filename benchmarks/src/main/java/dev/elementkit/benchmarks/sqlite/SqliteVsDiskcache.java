package dev.elementkit.benchmarks.sqlite;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The element's side of {@code benchmarks/sqlite-vs-diskcache.sh}: the SQLite cache element loaded from the built
 * plugin JAR, on the workloads {@code benchmarks/peer/diskcache_bench.py} runs on diskcache (same key count, value,
 * no TTL). Each line it prints is {@code name value}, machine-readable for the script.
 *
 * <p>Modes: {@code single <seconds>} (one thread set/get/incr ops/s); {@code writers <threads> <seconds> <appRoot>}
 * (set latency p50/p99/max and ops/s; two such processes on one appRoot are the two-process figure);
 * {@code mixed <threads> <seconds>} (100 get : 10 set : 1 incr, ops/s and p99); {@code floor <threads> <seconds>}
 * (the same timing of a 5 µs call that touches no file and no lock: what the machine's scheduler alone adds to p99
 * and max while other builds share the cores, to read the writers' figures against).
 *
 * <p>Latencies are recorded per call with {@link System#nanoTime()} into per-thread arrays and sorted at the end: no
 * histogram library, because exact maxima are one of the goals.
 */
public final class SqliteVsDiskcache {

    private static final String APP_ID = "bench";
    private static final int KEYS = 1024;
    private static final String VALUE = "{\"user\":\"ann\",\"roles\":[\"admin\",\"dev\"],\"since\":\"2024-01-01\","
            + "\"score\":12345}";
    private static final int MAX_SAMPLES_PER_THREAD = 4_000_000;
    /** About one single-thread set's time. */
    private static final long FLOOR_CALL_NANOS = 5_000;

    private SqliteVsDiskcache() {
    }

    @FunctionalInterface
    private interface Operation {
        void run(Cache cache, int index);
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("elementkit.plugins.dir") == null) {
            System.setProperty("elementkit.plugins.dir", Path.of("plugins").toAbsolutePath().toString());
        }
        String mode = args[0];
        Path appRoot = args.length > 3 ? Path.of(args[3]) : Files.createTempDirectory("sqlite-vs-diskcache");
        // The harness' close stops the plugin, which closes the cache's file with it.
        try (PluginHarness harness = PluginHarness.load("element-sqlite")) {
            Cache cache = harness.createCache("caches.SqliteType", new ElementContext(APP_ID, appRoot, "caches.Bench"),
                    Map.of("directory", "appData/caches/Bench/sqlite.db"));
            for (int i = 0; i < KEYS; i++) {
                cache.set("user:" + i, VALUE);
            }
            switch (mode) {
                case "single" -> {
                    double seconds = Double.parseDouble(args[1]);
                    print("single.set", rate(cache, seconds, (c, i) -> c.set("user:" + (i & (KEYS - 1)), VALUE)));
                    print("single.get", rate(cache, seconds, (c, i) -> c.get("user:" + (i & (KEYS - 1)))));
                    print("single.incr", rate(cache, seconds, (c, i) -> c.incr("counter")));
                }
                case "writers" -> latencies(cache, "writers", Integer.parseInt(args[1]), Double.parseDouble(args[2]),
                        (c, i) -> c.set("user:" + (i & (KEYS - 1)), VALUE));
                case "mixed" -> latencies(cache, "mixed", Integer.parseInt(args[1]), Double.parseDouble(args[2]),
                        SqliteVsDiskcache::mixedStep);
                case "floor" -> latencies(cache, "floor", Integer.parseInt(args[1]), Double.parseDouble(args[2]),
                        (c, i) -> busyFor(FLOOR_CALL_NANOS));
                default -> throw new IllegalArgumentException("unknown mode '" + mode
                        + "': use single, writers, mixed or floor");
            }
        }
    }

    private static void busyFor(long nanos) {
        long start = System.nanoTime();
        while (System.nanoTime() - start < nanos) {
            Thread.onSpinWait();
        }
    }

    /** 100 get : 10 set : 1 incr, drawn at random per call (as the diskcache side does). */
    private static void mixedStep(Cache cache, int index) {
        int draw = ThreadLocalRandom.current().nextInt(111);
        String key = "user:" + ThreadLocalRandom.current().nextInt(KEYS);
        if (draw < 100) {
            cache.get(key);
        } else if (draw < 110) {
            cache.set(key, VALUE);
        } else {
            cache.incr("counter");
        }
    }

    /** A warm-up as long as the measurement, then the measured run; returns ops/s. */
    private static double rate(Cache cache, double seconds, Operation operation) {
        double result = 0;
        for (int pass = 0; pass < 2; pass++) {
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            int count = 0;
            while (System.nanoTime() < end) {
                for (int i = 0; i < 100; i++) {
                    operation.run(cache, count + i);
                }
                count += 100;
            }
            result = count * 1e9 / (System.nanoTime() - start);
        }
        return result;
    }

    private static void latencies(Cache cache, String name, int threads, double seconds, Operation operation)
            throws InterruptedException {
        rate(cache, Math.min(1, seconds / 2), operation); // warm the code paths in one thread first
        long[][] samples = new long[threads][];
        int[] counts = new int[threads];
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        long duration = (long) (seconds * 1e9);
        long[] began = new long[1];
        for (int t = 0; t < threads; t++) {
            int self = t;
            samples[t] = new long[MAX_SAMPLES_PER_THREAD];
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                long end = began[0] + duration;
                long[] mine = samples[self];
                int n = 0;
                int index = self * 7919;
                long now = System.nanoTime();
                while (now < end && n < mine.length) {
                    operation.run(cache, index++);
                    long after = System.nanoTime();
                    mine[n++] = after - now;
                    now = after;
                }
                counts[self] = n;
            }, "bench-" + t);
            worker.start();
            workers.add(worker);
        }
        began[0] = System.nanoTime();
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        double elapsed = (System.nanoTime() - began[0]) / 1e9;
        int total = Arrays.stream(counts).sum();
        long[] all = new long[total];
        int at = 0;
        for (int t = 0; t < threads; t++) {
            System.arraycopy(samples[t], 0, all, at, counts[t]);
            at += counts[t];
        }
        Arrays.sort(all);
        print(name + ".ops", total / elapsed);
        print(name + ".p50_ms", all[(int) (total * 0.50)] / 1e6);
        print(name + ".p99_ms", all[Math.min(total - 1, (int) (total * 0.99))] / 1e6);
        print(name + ".max_ms", all[total - 1] / 1e6);
    }

    private static void print(String name, double value) {
        System.out.printf("%s %.3f%n", name, value);
    }
}
