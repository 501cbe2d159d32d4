package dev.elementkit.cache.tck;

import java.time.Duration;
import java.util.List;

/**
 * The threads a plugin left behind: any live thread whose class or context class loader is the plugin's, or whose
 * name says it is one of the plugin's. A thread that outlives an unload keeps the plugin's class loader, and every
 * class it loaded, in memory.
 */
public final class PluginThreads {

    private PluginThreads() {
    }

    /**
     * Waits up to {@code patience} for the plugin's threads to end (pools finish their last task) and returns the
     * names of those still alive; empty is the expected answer.
     *
     * @param pluginLoader the unloaded plugin's class loader
     * @param namesContain thread-name fragments of the plugin's own threads and its libraries'
     */
    public static List<String> leftBehind(ClassLoader pluginLoader, Duration patience, String... namesContain)
            throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        List<String> left = alive(pluginLoader, namesContain);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            left = alive(pluginLoader, namesContain);
        }
        return left;
    }

    private static List<String> alive(ClassLoader pluginLoader, String... namesContain) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> t.getContextClassLoader() == pluginLoader || t.getClass().getClassLoader() == pluginLoader
                        || java.util.Arrays.stream(namesContain).anyMatch(t.getName()::contains))
                .map(Thread::getName)
                .toList();
    }
}
