package dev.elementkit.cache.tck;

import dev.elementkit.cache.Cache;
import dev.elementkit.platform.element.ElementContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The cache contract run against a plugin's built JAR, loaded through PF4J as the host loads it: the one class a
 * cache plugin's integration test extends, saying which plugin, which Type and which configuration.
 *
 * <pre>{@code
 * class MemoryCacheIT extends CachePluginTck {
 *     protected String pluginId() { return "element-memory"; }
 *     protected String typeName() { return "caches.MemoryType"; }
 *     protected Map<String, ?> config() { return Map.of("maxEntries", 10_000); }
 * }
 * }</pre>
 *
 * <p>One harness (one PF4J plugin manager) serves all tests of the class, hence one test instance per class.
 *
 * @since 1.1.0
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class CachePluginTck extends CacheContractTest {

    private PluginHarness harness;
    private Path appRoot;

    /** The plugin's id, as in its manifest's {@code Plugin-Id}; its JAR is found as {@code <id>-<version>.jar}. */
    protected abstract String pluginId();

    /** The Type's full name, e.g. {@code caches.MemoryType}. */
    protected abstract String typeName();

    /** The element's configuration, as an app's JSON would give it (bound and validated as the host does). */
    protected abstract Map<String, ?> config();

    /** Plugins this one needs loaded too (its {@code Plugin-Dependencies}); none by default. */
    protected String[] pluginsNeeded() {
        return new String[0];
    }

    /** The app folder of every element under test (a fresh temporary folder). */
    protected final Path appRoot() {
        return appRoot;
    }

    /** The harness that loaded the plugin, for tests of their own. */
    protected final PluginHarness harness() {
        return harness;
    }

    @BeforeAll
    final void loadPlugin() throws Exception {
        String[] needed = pluginsNeeded();
        String[] ids = new String[needed.length + 1];
        System.arraycopy(needed, 0, ids, 0, needed.length);
        ids[needed.length] = pluginId();
        harness = PluginHarness.load(ids);
        appRoot = Files.createTempDirectory(pluginId() + "-tck-app");
    }

    @AfterAll
    final void unloadPlugin() {
        if (harness != null) {
            harness.close();
        }
    }

    @Override
    protected Cache newCache(String appId) throws Exception {
        return harness.createCache(typeName(), new ElementContext(appId, appRoot, "caches.Tck"), config());
    }
}
