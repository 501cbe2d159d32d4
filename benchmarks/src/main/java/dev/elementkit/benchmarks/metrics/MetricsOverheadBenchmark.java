package dev.elementkit.benchmarks.metrics;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.metrics.CacheMetrics;
import dev.elementkit.cache.tck.Instances;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of metrics: get and set of the SQLite element (the built plugin JAR through PF4J), once as the host hands
 * it out without a registry ({@code metrics=off}) and once wrapped as {@code devportal serve} wraps it, recording into
 * a Prometheus registry ({@code metrics=on}), in one run. One cache is shared by all threads, as in the host.
 *
 * <p>Run from the repository root after {@code mvn -q -DskipTests package}, at 1 and 32 threads:
 * {@code java -jar benchmarks/target/benchmarks.jar MetricsOverheadBenchmark -t 1} (and {@code -t 32}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 3)
public class MetricsOverheadBenchmark {

    private static final int KEYS = 1024;
    private static final String VALUE = "{\"user\":\"ann\",\"roles\":[\"admin\",\"dev\"],\"score\":12345}";

    @Param({"off", "on"})
    public String metrics;

    private Path workDir;
    private PluginHarness harness;
    private Cache plain;
    private Cache cache;
    private final String[] keys = new String[KEYS];

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (System.getProperty("elementkit.plugins.dir") == null) {
            System.setProperty("elementkit.plugins.dir", Path.of("plugins").toAbsolutePath().toString());
        }
        workDir = Files.createTempDirectory("metrics-bench");
        harness = PluginHarness.load("element-sqlite");
        plain = harness.createCache("caches.SqliteType", new ElementContext("bench", workDir.resolve("app"),
                "caches.Bench"), Map.of("directory", "appData/caches/Bench/sqlite.db"));
        cache = metrics.equals("on") ? CacheMetrics.metered(plain, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
                "caches.SqliteType", "bench") : plain;
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "user:" + i;
            cache.set(keys[i], VALUE);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (cache != null) {
            Instances.close(cache);
        }
        if (harness != null) {
            harness.close();
        }
        if (workDir != null) {
            try (Stream<Path> paths = Files.walk(workDir)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Benchmark
    public String get() {
        return cache.get(keys[ThreadLocalRandom.current().nextInt(KEYS)]);
    }

    @Benchmark
    public boolean set() {
        return cache.set(keys[ThreadLocalRandom.current().nextInt(KEYS)], VALUE);
    }
}
