import dev.elementkit.cache.Cache;
import dev.elementkit.devportal.embed.ElementKit;
import dev.elementkit.platform.app.App;
import java.nio.file.Path;

/**
 * Opens an app folder with a plugins folder from a plain Java program and uses a cache element, as a script would.
 * From the repository root, after `mvn -q -DskipTests package`:
 *
 *   java -cp devportal-stub/target/devportal-stub-1.1.0.jar examples/embedding/EmbeddingExample.java
 *
 * Arguments (optional): APP_DIR (default examples/demo-app), PLUGINS_DIR (default plugins), ELEMENT (default
 * caches.Default). The program ends by itself: closing the App stops the host and every plugin thread.
 */
public class EmbeddingExample {

    public static void main(String[] args) {
        // The host logs through SLF4J (slf4j-simple on its class path) and Hibernate Validator through JBoss
        // Logging: warnings and errors only, as the devportal command does. An embedder picks its own levels.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.jboss.logging.provider", "slf4j");

        Path appDir = Path.of(args.length > 0 ? args[0] : "examples/demo-app");
        Path pluginsDir = Path.of(args.length > 1 ? args[1] : "plugins");
        String element = args.length > 2 ? args[2] : "caches.Default";

        try (App app = ElementKit.openApp(appDir, pluginsDir)) {
            Cache cache = app.getElement(element);
            cache.set("embedded:greeting", "hello from an embedded host", 60);
            System.out.println(element + " of " + app.appId() + " says: " + cache.get("embedded:greeting"));
            System.out.println("ping: " + cache.ping());
            cache.delete("embedded:greeting");
        }
    }
}
