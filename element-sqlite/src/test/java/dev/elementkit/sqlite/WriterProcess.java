package dev.elementkit.sqlite;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The process {@link KillDuringWritesIT} kills: loads the built plugin JAR through PF4J and writes from several
 * threads until killed, printing one line per acknowledged call, after it returned: {@code set <key>} or
 * {@code incr <key> <value>}. Every printed line is a promise the file must keep.
 *
 * <p>Arguments: app root, key prefix, threads. System property {@code elementkit.plugins.dir}: where the JAR is.
 */
public final class WriterProcess {

    static final String FILE = "appData/killed.db";
    static final String APP_ID = "killed";

    private WriterProcess() {
    }

    public static void main(String[] args) throws Exception {
        Path appRoot = Path.of(args[0]);
        String prefix = args[1];
        int threads = Integer.parseInt(args[2]);
        PrintStream out = new PrintStream(System.out, false);
        PluginHarness harness = PluginHarness.load(PluginUnderTest.ID);
        Cache cache = harness.createCache(PluginUnderTest.TYPE, new ElementContext(APP_ID, appRoot, "caches.Killed"),
                Map.of("directory", FILE));
        List<Thread> writers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String counter = prefix + "counter" + t;
            String keys = prefix + "t" + t + ":";
            Thread writer = new Thread(() -> {
                for (long i = 0; ; i++) {
                    cache.set(keys + i, "value " + i);
                    long value = cache.incr(counter);
                    synchronized (out) {
                        out.println("set " + keys + i);
                        out.println("incr " + counter + " " + value);
                        out.flush();
                    }
                }
            }, "writer-" + t);
            writers.add(writer);
        }
        synchronized (out) {
            out.println("ready");
            out.flush();
        }
        writers.forEach(Thread::start);
        for (Thread writer : writers) {
            writer.join();
        }
    }
}
