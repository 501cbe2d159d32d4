package dev.elementkit.benchmarks.host;

import dev.elementkit.cache.Cache;
import dev.elementkit.devportal.embed.ElementKit;
import dev.elementkit.platform.app.App;
import dev.elementkit.platform.element.Element;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code app.getElement("caches.Default")} on an element that is already resolved (the call every script line makes),
 * through the embedding API over the built SQLite plugin JAR, beside the floor it cannot beat: a
 * {@link ConcurrentHashMap} lookup of the same name, in the same run. Nanoseconds per call; issue 16 wants at most
 * 100 ns.
 *
 * <p>Run from the repository root after {@code mvn -q -DskipTests package}:
 * {@code java -jar benchmarks/target/benchmarks.jar GetElementBenchmark} (plugins from {@code plugins/}, or from
 * {@code -Delementkit.plugins.dir}); {@code benchmarks/cold-start.sh} runs it with the cold-start figures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class GetElementBenchmark {

    private static final String NAME = "caches.Default";

    private Path appDir;
    private App app;
    private final Map<String, Element> map = new ConcurrentHashMap<>();

    @Setup
    public void open() throws IOException {
        appDir = Files.createTempDirectory("getelement-bench");
        Files.writeString(appDir.resolve("app.json"), "{\"appId\": \"bench.GetElement\", \"name\": \"GetElement\","
                + " \"title\": \"getElement benchmark\", \"version\": \"1.0.0\"}");
        Path element = Files.createDirectories(appDir.resolve("caches/Default"));
        Files.writeString(element.resolve("e.json"), "{\"title\": \"Default Cache\", \"type\": \"caches.BuiltinsType\"}");
        app = ElementKit.openApp(appDir, Path.of(System.getProperty("elementkit.plugins.dir", "plugins")));
        Cache cache = app.getElement(NAME);
        cache.set("resolved", "yes", 60); // created and used: what every later call finds
        map.put(NAME, cache);
    }

    @TearDown
    public void close() throws IOException {
        app.close();
        try (Stream<Path> paths = Files.walk(appDir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Benchmark
    public Element getElement() {
        return app.getElement(NAME);
    }

    @Benchmark
    public Element mapLookup() {
        return map.get(NAME);
    }
}
