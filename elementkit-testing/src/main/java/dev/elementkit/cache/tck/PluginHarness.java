package dev.elementkit.cache.tck;

import dev.elementkit.cache.Cache;
import dev.elementkit.platform.HostLibraries;
import dev.elementkit.platform.PlatformVersion;
import dev.elementkit.platform.config.ConfigBinder;
import dev.elementkit.platform.connection.ConnectionTestResult;
import dev.elementkit.platform.element.Element;
import dev.elementkit.platform.element.ElementContext;
import dev.elementkit.platform.element.ElementType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * Loads built plugin JARs through PF4J the way a host does, so that a plugin is tested as users get it and not
 * from the test class path: the JARs that {@code mvn package} put into the folder named by the system property
 * {@value #PLUGINS_DIR_PROPERTY} (failsafe sets it; {@code target/plugins} when unset) are copied into a fresh temporary plugins folder, loaded with
 * the platform's version as PF4J's system version, and started.
 *
 * <p>The harness owns the plugin manager; {@link #close()} stops and unloads every plugin and deletes the folder.
 * Caches it creates belong to the caller, who closes them before the harness.
 *
 * @since 1.0.0
 */
public final class PluginHarness implements AutoCloseable {

    /** The system property naming the folder the build put the plugin JARs into. */
    public static final String PLUGINS_DIR_PROPERTY = "elementkit.plugins.dir";

    /** Where the built JARs are when {@value #PLUGINS_DIR_PROPERTY} is not set: the module's build folder. */
    public static final String DEFAULT_PLUGINS_DIR = "target/plugins";

    private final Path pluginsDir;
    private final DefaultPluginManager manager;
    private final ConfigBinder binder = new ConfigBinder();

    private PluginHarness(Path pluginsDir) {
        this.pluginsDir = pluginsDir;
        this.manager = new DefaultPluginManager(pluginsDir);
        manager.setSystemVersion(PlatformVersion.current());
    }

    /**
     * Copies the built JARs of {@code pluginIds} into a fresh plugins folder, loads and starts them.
     *
     * @throws IllegalStateException naming the plugin, when a JAR is missing or a plugin does not start
     */
    public static PluginHarness load(String... pluginIds) {
        Path folder;
        try {
            folder = Files.createTempDirectory("elementkit-plugins-");
            for (String id : pluginIds) {
                Path jar = builtJar(id);
                // Checked before loading: a bundled copy of the host's classes otherwise shows up much later as
                // "no Type found" or "X cannot be cast to X" in every test, far from its cause.
                String bundledHostLibraries = HostLibraries.problemWith(jar);
                if (bundledHostLibraries != null) {
                    throw new IllegalStateException(bundledHostLibraries);
                }
                Files.copy(jar, folder.resolve(jar.getFileName()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PluginHarness harness = new PluginHarness(folder);
        harness.manager.loadPlugins();
        harness.manager.startPlugins();
        for (String id : pluginIds) {
            harness.requireStarted(id);
        }
        return harness;
    }

    /** The folder the build put the plugin JARs into. */
    public static Path builtPluginsDir() {
        String dir = System.getProperty(PLUGINS_DIR_PROPERTY);
        // Failsafe runs in the module's folder, and elementkit-plugin-parent puts the JAR into target/plugins.
        Path path = Path.of(dir == null || dir.isBlank() ? DEFAULT_PLUGINS_DIR : dir);
        if (!Files.isDirectory(path)) {
            throw new IllegalStateException(PLUGINS_DIR_PROPERTY + " names " + path.toAbsolutePath()
                    + ", which is not a folder: run `mvn verify`, which packages the plugin JAR before the ITs");
        }
        return path;
    }

    /** The built JAR of {@code pluginId} ({@code <id>-<version>.jar}). */
    public static Path builtJar(String pluginId) {
        Path dir = builtPluginsDir();
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().matches(
                            java.util.regex.Pattern.quote(pluginId) + "-\\d[^/]*\\.jar"))
                    .collect(Collectors.toList());
            if (jars.size() != 1) {
                throw new IllegalStateException("expected one built JAR of plugin " + pluginId + " in " + dir
                        + ", found " + jars + ": run `mvn package` for its module");
            }
            return jars.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The PF4J manager; use it to inspect plugin states and class loaders. */
    public PluginManager manager() {
        return manager;
    }

    /** The temporary plugins folder the manager reads. */
    public Path pluginsDir() {
        return pluginsDir;
    }

    /**
     * The started element Type called {@code typeFullName}.
     *
     * @throws IllegalStateException listing the Types that are there, when none has that name
     */
    public ElementType<?> type(String typeFullName) {
        List<String> seen = new ArrayList<>();
        // Only the plugins' own extensions: PF4J also lists "system" extensions from the application class path,
        // and a plugin module's own tests have its target/classes (with its extensions.idx) there, which would
        // hand out a Type outside the plugin's class loader whose plugin was never started.
        @SuppressWarnings("rawtypes")
        List<ElementType> types = new ArrayList<>();
        for (PluginWrapper plugin : manager.getStartedPlugins()) {
            types.addAll(manager.getExtensions(ElementType.class, plugin.getPluginId()));
        }
        for (ElementType<?> type : types) {
            String name = type.descriptor().fullName();
            if (name.equals(typeFullName)) {
                return type;
            }
            seen.add(name);
        }
        throw new IllegalStateException("no started plugin gives element type " + typeFullName + "; types found: "
                + seen + " (is META-INF/extensions.idx in the JAR?)");
    }

    /** Binds and validates {@code config}, then creates an element of {@code typeFullName} that is a cache. */
    public Cache createCache(String typeFullName, ElementContext context, Map<String, ?> config) throws Exception {
        Element element = create(typeFullName, context, config);
        if (!(element instanceof Cache cache)) {
            type(typeFullName).closeInstance(element);
            throw new IllegalStateException(typeFullName + " created a " + element.getClass().getName()
                    + ", which is not a " + Cache.class.getName() + " of the host's loader (is cache-elements "
                    + "bundled into the plugin JAR?)");
        }
        return cache;
    }

    /** Binds and validates {@code config}, then creates an element of {@code typeFullName}. */
    public Element create(String typeFullName, ElementContext context, Map<String, ?> config) throws Exception {
        ElementType<?> type = type(typeFullName);
        return inPluginLoader(type, () -> createTyped(type, context, config));
    }

    /** Binds and validates {@code config}, then runs the Type's connection test. */
    public ConnectionTestResult test(String typeFullName, ElementContext context, Map<String, ?> config,
                                     Duration timeout) {
        ElementType<?> type = type(typeFullName);
        try {
            return inPluginLoader(type, () -> testTyped(type, context, config, timeout));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops and unloads a plugin; its class loader is closed. */
    public void unload(String pluginId) {
        manager.stopPlugin(pluginId);
        if (!manager.unloadPlugin(pluginId)) {
            throw new IllegalStateException("plugin " + pluginId + " could not be unloaded");
        }
    }

    /** Loads and starts again a plugin whose JAR is in {@link #pluginsDir()} (after {@link #unload}). */
    public void loadAgain(String pluginId) {
        try (Stream<Path> files = Files.list(pluginsDir)) {
            Path jar = files.filter(p -> p.getFileName().toString().startsWith(pluginId + "-"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no JAR of " + pluginId + " in " + pluginsDir));
            String id = manager.loadPlugin(jar);
            manager.startPlugin(id);
            requireStarted(id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        // One by one, newest first: PF4J 3.15.0's stopPlugins() removes each stopped plugin from the list it is
        // iterating and fails with a ConcurrentModificationException once any plugin was started.
        List<PluginWrapper> started = new ArrayList<>(manager.getStartedPlugins());
        java.util.Collections.reverse(started);
        for (PluginWrapper plugin : started) {
            manager.stopPlugin(plugin.getPluginId());
        }
        manager.unloadPlugins();
        try (Stream<Path> files = Files.walk(pluginsDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temp folder left behind is harmless.
        }
    }

    private void requireStarted(String pluginId) {
        PluginWrapper plugin = manager.getPlugin(pluginId);
        if (plugin == null) {
            throw new IllegalStateException("plugin " + pluginId + " was not loaded from " + pluginsDir
                    + " (missing or unreadable descriptor?)");
        }
        if (plugin.getPluginState() != PluginState.STARTED) {
            Throwable failure = plugin.getFailedException();
            throw new IllegalStateException("plugin " + pluginId + " is " + plugin.getPluginState()
                    + (failure == null ? "" : ": " + failure), failure);
        }
    }

    private <C extends Record> Element createTyped(ElementType<C> type, ElementContext context, Map<String, ?> config)
            throws Exception {
        C bound = binder.bind(config, type.configClass(), context.fullName() + " (test configuration)");
        return type.create(context, bound);
    }

    private <C extends Record> ConnectionTestResult testTyped(ElementType<C> type, ElementContext context,
                                                              Map<String, ?> config, Duration timeout) {
        C bound = binder.bind(config, type.configClass(), context.fullName() + " (test configuration)");
        return type.testConnection(context, bound, timeout);
    }

    private static <T> T inPluginLoader(Object extension, Callable<T> action) throws Exception {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(extension.getClass().getClassLoader());
        try {
            return action.call();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
