package dev.elementkit.sqlite;

import dev.elementkit.cache.Cache;
import dev.elementkit.platform.element.ElementContext;
import java.nio.file.Path;

/**
 * The other process of {@link MultiProcessTest}: increments one key {@code count} times on a file, through the same
 * Type and backend an element uses, then prints its last value.
 *
 * <p>Arguments: app root, database file, key, count.
 */
public final class IncrementWorker {

    private IncrementWorker() {
    }

    public static void main(String[] args) throws Exception {
        Path appRoot = Path.of(args[0]);
        int count = Integer.parseInt(args[3]);
        long last = 0;
        try (Cache cache = new SqliteCacheType().create(new ElementContext("multi", appRoot, "caches.Shared"),
                new SqliteConfig(args[1], 30_000, 60))) {
            for (int i = 0; i < count; i++) {
                last = cache.incr(args[2]);
            }
        }
        System.out.println("last=" + last);
    }
}
