package dev.elementkit.devportal.runtime;

import dev.elementkit.platform.HostLibraries;
import dev.elementkit.platform.config.ConfigBinder;
import dev.elementkit.platform.config.ConfigSchemas;
import dev.elementkit.platform.element.ElementType;
import dev.elementkit.platform.element.TypeDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipException;
import org.pf4j.Plugin;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads plugin JARs through PF4J and calls into them: checks a descriptor before anything is loaded, creates the
 * plugin and runs its {@code start()} and {@code stop()} under the {@link BoundedCalls} time limit, collects the
 * element Types it gives, and unloads it. Every failure comes back as a {@link PluginProblem} naming the JAR and the
 * cause. Not thread-safe: {@link PluginRuntime} serializes calls.
 */
final class PluginLoader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PluginLoader.class);
    /** Ids become file and URL path parts ({@code DELETE /api/plugins/{id}}): no separators, no {@code ..}. */
    private static final Pattern PLUGIN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final Path pluginsDir;
    private final String systemVersion;
    private final HostPluginManager manager;
    private final ConfigSchemas schemas;
    private final ConfigBinder binder;
    private final BoundedCalls calls;

    PluginLoader(Path pluginsDir, String systemVersion, ConfigSchemas schemas, ConfigBinder binder,
                 BoundedCalls calls) {
        this.pluginsDir = pluginsDir;
        this.systemVersion = systemVersion;
        this.manager = new HostPluginManager(pluginsDir, systemVersion);
        this.schemas = schemas;
        this.binder = binder;
        this.calls = calls;
    }

    /**
     * Reads and checks a JAR's descriptor: an id that is a plugin id, a version that is a version, a
     * {@code Plugin-Requires} that parses and admits this platform, a {@code Plugin-Class}, and no bundled copy of a
     * library the host provides (its Types would not be the host's; PF4J would find none and not say why).
     */
    PluginDescriptor check(Path jar) throws PluginProblem {
        String name = jar.getFileName().toString();
        PluginDescriptor descriptor;
        try {
            descriptor = manager.readDescriptor(jar);
        } catch (RuntimeException | LinkageError e) {
            throw PluginProblem.failed(name + (isCorrupt(e)
                    ? ": not a readable JAR file (damaged or not a ZIP at all): " + HostSupport.describe(e)
                    : ": not a plugin JAR: " + HostSupport.describe(e)
                    + " (a plugin's manifest needs Plugin-Id, Plugin-Version and Plugin-Class)"));
        }
        String id = descriptor.getPluginId();
        if (id == null || id.isBlank()) {
            throw PluginProblem.failed(name + ": the manifest has no Plugin-Id (a plugin's manifest needs Plugin-Id,"
                    + " Plugin-Version and Plugin-Class)");
        }
        if (!PLUGIN_ID.matcher(id).matches() || id.contains("..")) {
            throw PluginProblem.failed(name + ": Plugin-Id '" + abbreviate(id) + "' is not a plugin id: letters,"
                    + " digits, '.', '_' and '-', starting with a letter or digit, no '..'");
        }
        String version = descriptor.getVersion();
        if (version == null || version.isBlank() || !parses(version)) {
            throw PluginProblem.failed(name + ": Plugin-Version '" + abbreviate(String.valueOf(version)) + "' of plugin '"
                    + id + "' is not a version: write it as MAJOR.MINOR.PATCH, e.g. 1.0.0");
        }
        String requires = descriptor.getRequires();
        boolean admitted;
        try {
            admitted = manager.admits(requires);
        } catch (RuntimeException e) {
            throw PluginProblem.failed(name + ": Plugin-Requires '" + abbreviate(requires) + "' of plugin '" + id
                    + "' does not parse: write a version range like >=1.0.0 or \">=1.0.0 & <2.0.0\"").of(descriptor);
        }
        if (!admitted) {
            throw new PluginProblem("DISABLED", name + ": plugin '" + id + "' requires platform " + requires
                    + ", but this host runs platform " + systemVersion + ": use a build of the plugin made for this"
                    + " platform", false).of(descriptor);
        }
        String pluginClass = descriptor.getPluginClass();
        // PF4J puts its own base class in when the manifest names none; a README-built plugin always names one.
        if (pluginClass == null || pluginClass.isBlank() || pluginClass.equals(Plugin.class.getName())) {
            throw PluginProblem.failed(name + ": the manifest of plugin '" + id + "' has no Plugin-Class: name the"
                    + " class that extends org.pf4j.Plugin").of(descriptor);
        }
        String bundled = Files.isRegularFile(jar) ? HostLibraries.problemWith(jar) : null;
        if (bundled != null) {
            throw PluginProblem.failed("plugin '" + id + "': " + bundled).of(descriptor);
        }
        return descriptor;
    }

    /** Versions of the started plugins, by id. */
    Map<String, String> startedVersions() {
        Map<String, String> versions = new LinkedHashMap<>();
        manager.getStartedPlugins().forEach(w -> versions.put(w.getPluginId(), w.getDescriptor().getVersion()));
        return versions;
    }

    /** (version, range) → true when the version is in the range; throws when either does not parse. */
    boolean inRange(String version, String range) {
        return manager.getVersionManager().checkVersionConstraint(version, range);
    }

    PluginWrapper plugin(String pluginId) {
        return manager.getPlugin(pluginId);
    }

    List<PluginWrapper> plugins() {
        return manager.getPlugins();
    }

    List<String> dependentsOf(String pluginId) {
        return manager.dependentsOf(pluginId);
    }

    /** Creates the class loader of a checked JAR; PF4J resolves it with {@link #resolve}. */
    PluginWrapper load(Path jar) throws PluginProblem {
        try {
            return manager.loadWithoutResolving(jar);
        } catch (RuntimeException | LinkageError e) {
            throw PluginProblem.failed(jar.getFileName() + ": cannot be loaded as a plugin: " + HostSupport.describe(e));
        }
    }

    /** Resolves what was loaded; the host only loads sets that {@link PluginDependencies} passed. */
    void resolve() {
        manager.resolve();
    }

    /** True when PF4J resolved the plugin (it is neither unresolved nor disabled). */
    boolean isResolved(PluginWrapper wrapper) {
        return manager.getResolvedPlugins().contains(wrapper) && wrapper.getPluginState() != PluginState.DISABLED;
    }

    /** Creates the plugin and runs its {@code start()}, bounded; on failure it is unloaded and the problem thrown. */
    void start(PluginWrapper wrapper) throws PluginProblem {
        String id = wrapper.getPluginId();
        Path jar = wrapper.getPluginPath();
        try {
            calls.call(wrapper.getPluginClassLoader(), "plugin '" + id + "' start()", () -> {
                Plugin plugin = wrapper.getPlugin();
                plugin.start();
                return null;
            });
            manager.markStarted(wrapper);
        } catch (Exception | LinkageError e) {
            wrapper.setFailedException(e);
            unload(id);
            throw PluginProblem.failed(jar.getFileName() + ": plugin '" + id + "' failed to start: "
                    + HostSupport.describe(e));
        }
    }

    /** The element Types a started plugin gives, with their schemas; an unusable one is logged and left out. */
    @SuppressWarnings("rawtypes")
    List<RegisteredType> typesOf(PluginWrapper wrapper) throws PluginProblem {
        String id = wrapper.getPluginId();
        ClassLoader loader = wrapper.getPluginClassLoader();
        List<ElementType> extensions;
        try {
            extensions = calls.call(loader, "creating the element types of plugin '" + id + "'",
                    () -> manager.getExtensions(ElementType.class, id));
        } catch (Exception | LinkageError e) {
            throw PluginProblem.failed(wrapper.getPluginPath().getFileName() + ": the element types of plugin '" + id
                    + "' cannot be created: " + HostSupport.describe(e));
        }
        List<RegisteredType> types = new ArrayList<>();
        for (ElementType<?> type : extensions) {
            try {
                types.add(HostSupport.withLoader(loader, () -> register(type, id, loader)));
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("plugin {}: element type {} is unusable: {}", id, type.getClass().getName(),
                        HostSupport.describe(e));
            }
        }
        return types;
    }

    private RegisteredType register(ElementType<?> type, String pluginId, ClassLoader loader) {
        TypeDescriptor descriptor = type.descriptor();
        Class<? extends Record> configClass = type.configClass();
        return new RegisteredType(type, pluginId, loader, descriptor.fullName(), () -> new TypeInfo(descriptor,
                pluginId, schemas.schemaOf(configClass), schemas.secretFields(configClass)));
    }

    /** Runs the plugin's {@code stop()}, bounded; a failure or overrun is logged (the plugin is unloaded anyway). */
    void stop(String pluginId) {
        PluginWrapper wrapper = manager.getPlugin(pluginId);
        if (wrapper == null || wrapper.getPluginState() != PluginState.STARTED) {
            return;
        }
        PluginState after = PluginState.STOPPED;
        try {
            calls.call(wrapper.getPluginClassLoader(), "plugin '" + pluginId + "' stop()", () -> {
                wrapper.getPlugin().stop();
                return null;
            });
        } catch (Exception | LinkageError e) {
            after = PluginState.FAILED;
            wrapper.setFailedException(e);
            LOG.warn("plugin {} failed to stop cleanly: {}", pluginId, HostSupport.describe(e));
        }
        manager.markStopped(wrapper, after);
    }

    /** Unloads a plugin (stopped, or never started) and closes its class loader. */
    void unload(String pluginId) {
        PluginWrapper wrapper = manager.getPlugin(pluginId);
        if (wrapper == null) {
            return;
        }
        if (wrapper.getPluginState() == PluginState.STARTED) {
            manager.markStopped(wrapper, PluginState.STOPPED);
        }
        ClassLoader loader = wrapper.getPluginClassLoader();
        try {
            manager.unloadAlone(pluginId);
        } catch (RuntimeException e) {
            LOG.warn("plugin {} failed to unload cleanly: {}", pluginId, HostSupport.describe(e));
        }
        schemas.forget(loader);
        binder.forget(loader);
        PluginLeftovers.release(loader, pluginId);
    }

    /**
     * Starts {@code jar} in a scratch plugin manager of its own and stops it again, so that a replacement is known to
     * start before the plugin it replaces is touched. Its dependencies are loaded there from {@code dependencies}
     * but not started: class loading through them needs no start.
     */
    void trial(Path jar, List<Path> dependencies) throws PluginProblem {
        try (PluginLoader scratch = new PluginLoader(pluginsDir, systemVersion, schemas, binder, calls)) {
            for (Path dependency : dependencies) {
                scratch.load(dependency);
            }
            PluginWrapper wrapper = scratch.load(jar);
            scratch.resolve();
            if (!scratch.isResolved(wrapper)) {
                throw PluginProblem.failed(jar.getFileName() + ": plugin '" + wrapper.getPluginId()
                        + "' does not resolve against the loaded plugins");
            }
            scratch.start(wrapper);
            scratch.typesOf(wrapper);
            scratch.stop(wrapper.getPluginId());
        }
    }

    /** Stops (bounded) and unloads every plugin, dependents first. */
    @Override
    public void close() {
        List<PluginWrapper> started = new ArrayList<>(manager.getStartedPlugins());
        for (int i = started.size() - 1; i >= 0; i--) {
            stop(started.get(i).getPluginId());
        }
        List<PluginWrapper> all = new ArrayList<>(manager.getPlugins());
        for (int i = all.size() - 1; i >= 0; i--) {
            for (String dependent : manager.dependentsOf(all.get(i).getPluginId())) {
                unload(dependent);
            }
            unload(all.get(i).getPluginId());
        }
    }

    private boolean parses(String version) {
        try {
            manager.getVersionManager().compareVersions(version, version);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean isCorrupt(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ZipException) {
                return true;
            }
        }
        return false;
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }
}
