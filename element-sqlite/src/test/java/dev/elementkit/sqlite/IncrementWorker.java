package dev.elementkit.sqlite;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The other process of {@link MultiProcessIT}: loads the built plugin JAR through PF4J, increments one key
 * {@code count} times from each of {@code threads} threads on the shared file, then prints the last value it saw.
 *
 * <p>Arguments: app root, key, count, threads. System property {@code elementkit.plugins.dir}: where the JAR is.
 */
public final class IncrementWorker {

    private IncrementWorker() {
    }

    public static void main(String[] args) throws Exception {
        Path appRoot = Path.of(args[0]);
        int count = Integer.parseInt(args[2]);
        int threads = Integer.parseInt(args[3]);
        AtomicLong last = new AtomicLong();
        // The harness' close stops the plugin, which closes the cache's file with it.
        try (PluginHarness harness = PluginHarness.load(PluginUnderTest.ID)) {
            Cache cache = harness.createCache(PluginUnderTest.TYPE, new ElementContext("multi", appRoot, "caches.Shared"),
                    Map.of("directory", MultiProcessIT.FILE));
            List<Thread> incrementing = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < count; i++) {
                        last.accumulateAndGet(cache.incr(args[1]), Math::max);
                    }
                });
                thread.start();
                incrementing.add(thread);
            }
            for (Thread thread : incrementing) {
                thread.join();
            }
        }
        System.out.println("last=" + last.get());
    }
}
