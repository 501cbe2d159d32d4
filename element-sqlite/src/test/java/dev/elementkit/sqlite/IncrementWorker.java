package dev.elementkit.sqlite;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import java.nio.file.Path;
import java.util.Map;

/**
 * The other process of {@link MultiProcessIT}: loads the built plugin JAR through PF4J, increments one key
 * {@code count} times on the shared file, then prints its last value.
 *
 * <p>Arguments: app root, key, count. System property {@code elementkit.plugins.dir}: where the JAR is.
 */
public final class IncrementWorker {

    private IncrementWorker() {
    }

    public static void main(String[] args) throws Exception {
        Path appRoot = Path.of(args[0]);
        int count = Integer.parseInt(args[2]);
        long last = 0;
        try (PluginHarness harness = PluginHarness.load(PluginUnderTest.ID);
             Cache cache = harness.createCache(PluginUnderTest.TYPE,
                     new ElementContext("multi", appRoot, "caches.Shared"),
                     Map.of("directory", MultiProcessIT.FILE))) {
            for (int i = 0; i < count; i++) {
                last = cache.incr(args[1]);
            }
        }
        System.out.println("last=" + last);
    }
}
