import dev.elementkit.cache.Cache;
import dev.elementkit.devportal.embed.ElementKit;
import dev.elementkit.platform.app.App;
import java.nio.file.Path;

/**
 * The embedding API's cold path: openApp on the demo app and the first get on caches.Default, timed inside one fresh
 * JVM (JVM boot and the source launcher's compile excluded). Run by benchmarks/cold-start.sh, which starts a new JVM
 * per run; prints "cold.open_app_first_get_s <seconds>".
 */
public class OpenAppTiming {

    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.jboss.logging.provider", "slf4j");
        long start = System.nanoTime();
        try (App app = ElementKit.openApp(Path.of("examples/demo-app"), Path.of(System.getProperty("plugins", "plugins")))) {
            Cache cache = app.getElement("caches.Default");
            String value = cache.get("cold-start:absent");
            long elapsed = System.nanoTime() - start;
            if (value != null) {
                throw new IllegalStateException("cold-start:absent holds '" + value + "': the demo app was changed");
            }
            System.out.printf("cold.open_app_first_get_s %.3f%n", elapsed / 1e9);
        }
    }
}
