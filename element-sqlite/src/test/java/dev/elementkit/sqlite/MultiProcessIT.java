package dev.elementkit.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.tck.FaultRounds;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Other processes of 4 threads each, loading the plugin JAR through PF4J, and 4 threads here, incrementing one key
 * on one file end with the exact total: incr is one statement, and the busy timeout makes a writer wait for the
 * others instead of failing.
 */
@Tag(FaultRounds.TAG)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class MultiProcessIT {

    private static final int PROCESSES = 2;
    private static final int THREADS_PER_PROCESS = 4;
    private static final int PER_THREAD_THERE = 150;
    private static final int THREADS_HERE = 4;
    private static final int PER_THREAD_HERE = 200;
    static final String FILE = "appData/shared.db";

    @TempDir
    Path appRoot;

    @Test
    void incrementsFromSeveralProcessesAndThreads_addUpExactly() throws Exception {
        List<Process> children = new ArrayList<>();
        // The harness' close stops the plugin, which closes the cache's file with it.
        try (PluginHarness harness = PluginHarness.load(PluginUnderTest.ID)) {
            Cache cache = harness.createCache(PluginUnderTest.TYPE, new ElementContext("multi", appRoot, "caches.Shared"),
                    Map.of("directory", FILE));
            for (int i = 0; i < PROCESSES; i++) {
                children.add(new ProcessBuilder(javaBinary(),
                        "-D" + PluginHarness.PLUGINS_DIR_PROPERTY + "=" + PluginHarness.builtPluginsDir(),
                        "-cp", System.getProperty("java.class.path"),
                        IncrementWorker.class.getName(), appRoot.toString(), "counter",
                        String.valueOf(PER_THREAD_THERE), String.valueOf(THREADS_PER_PROCESS))
                        .redirectErrorStream(true).start());
            }
            ExecutorService threads = Executors.newFixedThreadPool(THREADS_HERE);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS_HERE; t++) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < PER_THREAD_HERE; i++) {
                        cache.incr("counter");
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
            threads.shutdown();
            for (Process child : children) {
                assertTrue(child.waitFor(2, TimeUnit.MINUTES), "a worker process did not finish");
                String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, child.exitValue(), output);
                assertTrue(output.contains("last="), output);
            }
            long expected = (long) PROCESSES * THREADS_PER_PROCESS * PER_THREAD_THERE + THREADS_HERE * PER_THREAD_HERE;
            assertEquals(expected, cache.getNumeric("counter"));
            System.out.printf("fault sqlite multi-process incr: %d processes x %d threads + %d threads here, total %d"
                    + " exact (0 lost, 0 doubled)%n", PROCESSES, THREADS_PER_PROCESS, THREADS_HERE, expected);
        } finally {
            children.forEach(Process::destroyForcibly);
        }
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : ""))
                .toString();
    }
}
