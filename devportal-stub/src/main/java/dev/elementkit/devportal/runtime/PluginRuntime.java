package dev.elementkit.devportal.runtime;

import dev.elementkit.platform.config.ConfigSchemas;
import dev.elementkit.platform.element.ElementType;
import dev.elementkit.platform.element.TypeDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins of one plugins folder and the registry of the element Types they give.
 *
 * <p>Every JAR is loaded on its own, so that a corrupt file, a JAR without a descriptor, a plugin requiring another
 * platform version, one whose dependency is missing or one whose {@code start()} throws is recorded with its reason
 * (naming the JAR) and unloaded, while the others go on. A recorded failure is retried when its JAR changes, and
 * one that waited for a dependency is retried when another plugin arrives.
 *
 * <p>Thread-safe: lifecycle operations are serialized on this object; {@link #type} and {@link #types} read an
 * immutable snapshot. Before a plugin stops, {@link Hooks#beforeStop} lets the host close the element instances of
 * its Types.
 */
final class PluginRuntime implements AutoCloseable {

    /** What the host does around plugin changes. */
    interface Hooks {
        /** Called before the plugins stop: close every instance of their Types. */
        void beforeStop(Set<String> pluginIds);

        /** Called after a change, outside nothing in particular: tell the listeners. */
        void changed(HostListener.Change change, String subject);
    }

    private static final Logger LOG = LoggerFactory.getLogger(PluginRuntime.class);

    /** How long a JAR must be left untouched before one look at it is enough. */
    private static final long SETTLE_MILLIS = 300;

    private final Path pluginsDir;
    private final HostPluginManager manager;
    private final ConfigSchemas schemas;
    private final Hooks hooks;
    private final Map<Path, Failure> failures = new ConcurrentHashMap<>();
    private final Map<Path, String> loadedStamps = new HashMap<>();
    private final Map<Path, String> pendingStamps = new HashMap<>();
    private volatile Map<String, RegisteredType> types = Map.of();
    private boolean closed;

    /** A JAR that could not be started. */
    private record Failure(PluginInfo info, String stamp, boolean waitsForDependency) {
    }

    PluginRuntime(Path pluginsDir, String systemVersion, ConfigSchemas schemas, Hooks hooks) {
        this.pluginsDir = pluginsDir;
        try {
            Files.createDirectories(pluginsDir);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the plugins folder " + pluginsDir + ": " + e.getMessage(), e);
        }
        this.manager = new HostPluginManager(pluginsDir, systemVersion);
        this.schemas = schemas;
        this.hooks = hooks;
    }

    /** Loads and starts every JAR of the plugins folder. */
    synchronized void loadAll() {
        load(listJars().keySet());
    }

    /** The Type called {@code fullName}, if a started plugin gives it. */
    Optional<RegisteredType> type(String fullName) {
        return Optional.ofNullable(types.get(fullName));
    }

    /** Every registered Type, in fullName order. */
    List<RegisteredType> types() {
        return types.values().stream().sorted(Comparator.comparing(RegisteredType::fullName)).collect(Collectors.toList());
    }

    /** Every plugin found: started ones and failed JARs, by id. */
    synchronized List<PluginInfo> plugins() {
        List<PluginInfo> all = new ArrayList<>();
        for (PluginWrapper wrapper : manager.getPlugins()) {
            all.add(infoOf(wrapper));
        }
        failures.values().forEach(f -> all.add(f.info()));
        all.sort(Comparator.comparing(PluginInfo::id).thenComparing(p -> p.path().toString()));
        return all;
    }

    /**
     * Copies {@code jar} into the plugins folder and starts it, replacing a loaded plugin of the same id.
     *
     * @throws PluginInstallException naming the JAR and the reason; nothing is left in the plugins folder then
     */
    synchronized PluginInfo install(Path jar) {
        String name = jar.getFileName().toString();
        if (!Files.isRegularFile(jar)) {
            throw new PluginInstallException(name + ": no such file " + jar, null);
        }
        PluginDescriptor descriptor;
        try {
            descriptor = manager.readDescriptor(jar);
        } catch (RuntimeException e) {
            throw new PluginInstallException(name + ": not a plugin JAR: " + describe(e)
                    + " (a plugin's manifest needs Plugin-Id, Plugin-Version and Plugin-Class)", e);
        }
        if (!manager.admits(descriptor.getRequires())) {
            throw new PluginInstallException(requiresMessage(name, descriptor), null);
        }
        Path target = pluginsDir.resolve(name);
        PluginWrapper existing = manager.getPlugin(descriptor.getPluginId());
        if (existing != null) {
            // The old JAR goes, unless it is the very file being installed (a reload of a JAR in the folder).
            unload(descriptor.getPluginId(), !existing.getPluginPath().equals(jar.toAbsolutePath().normalize()));
        }
        try {
            if (!jar.toAbsolutePath().normalize().equals(target)) {
                Path part = pluginsDir.resolve("." + name + ".part");
                Files.copy(jar, part, StandardCopyOption.REPLACE_EXISTING);
                Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new PluginInstallException(name + ": cannot copy it into " + pluginsDir + ": " + e.getMessage(), e);
        }
        failures.remove(target);
        load(List.of(target));
        Failure failure = failures.remove(target);
        if (failure != null) {
            try {
                Files.deleteIfExists(target);
            } catch (IOException e) {
                LOG.warn("cannot delete {} after its failed install: {}", target, e.toString());
            }
            throw new PluginInstallException(failure.info().error(), null);
        }
        return infoOf(manager.getPlugin(descriptor.getPluginId()));
    }

    /**
     * Stops and unloads a plugin and the plugins depending on it, after {@link Hooks#beforeStop}.
     *
     * @param deleteJar also delete its JAR from the plugins folder
     * @return false when no plugin of that id is loaded
     */
    synchronized boolean unload(String pluginId, boolean deleteJar) {
        PluginWrapper wrapper = manager.getPlugin(pluginId);
        if (wrapper == null) {
            Optional<Path> failedJar = failures.entrySet().stream()
                    .filter(e -> e.getValue().info().id().equals(pluginId)).map(Map.Entry::getKey).findFirst();
            failedJar.ifPresent(path -> {
                failures.remove(path);
                if (deleteJar) {
                    deleteQuietly(path);
                }
            });
            return failedJar.isPresent();
        }
        Path jar = wrapper.getPluginPath();
        List<String> ids = new ArrayList<>(manager.dependentsOf(pluginId));
        ids.add(pluginId);
        hooks.beforeStop(new LinkedHashSet<>(ids));
        Map<String, RegisteredType> remaining = new HashMap<>(types);
        remaining.values().removeIf(t -> ids.contains(t.pluginId()));
        types = Map.copyOf(remaining);
        for (String id : ids) {
            PluginWrapper w = manager.getPlugin(id);
            if (w == null) {
                continue;
            }
            Path path = w.getPluginPath();
            try {
                RegisteredType.withLoader(w.getPluginClassLoader(), () -> manager.stopPlugin(id));
            } catch (RuntimeException e) {
                LOG.warn("plugin {} failed to stop cleanly: {}", id, describe(e));
            }
            try {
                manager.unloadPlugin(id);
            } catch (RuntimeException e) {
                LOG.warn("plugin {} failed to unload cleanly: {}", id, describe(e));
            }
            loadedStamps.remove(path);
            if (!id.equals(pluginId)) {
                // Its JAR stays; it comes back when the plugin it depends on does.
                failures.put(path, new Failure(new PluginInfo(id, w.getDescriptor().getVersion(), "UNLOADED",
                        path.getFileName() + ": unloaded because plugin '" + pluginId + "', which it depends on, was"
                                + " removed", path, List.of()), stampOf(path), true));
            }
        }
        if (deleteJar) {
            deleteQuietly(jar);
        }
        ids.forEach(id -> hooks.changed(HostListener.Change.PLUGIN_UNLOADED, id));
        return true;
    }

    /**
     * Looks at the plugins folder once: loads new or changed JARs (once they are settled, or their size and time
     * stopped changing between two looks, so a JAR being copied is not read half-written) and unloads plugins whose
     * JAR is gone.
     */
    synchronized void poll() {
        if (closed) {
            return;
        }
        Map<Path, String> present = listJars();
        for (PluginWrapper wrapper : new ArrayList<>(manager.getPlugins())) {
            Path path = wrapper.getPluginPath();
            if (!present.containsKey(path)) {
                LOG.info("plugin JAR {} was removed: unloading {}", path.getFileName(), wrapper.getPluginId());
                unload(wrapper.getPluginId(), false);
            }
        }
        failures.keySet().removeIf(path -> !present.containsKey(path));
        pendingStamps.keySet().removeIf(path -> !present.containsKey(path));
        List<Path> ready = new ArrayList<>();
        present.forEach((path, stamp) -> {
            String loadedStamp = loadedStamps.get(path);
            Failure failure = failures.get(path);
            boolean candidate = loadedStamp != null ? !loadedStamp.equals(stamp)
                    : failure == null || !failure.stamp().equals(stamp);
            if (!candidate) {
                pendingStamps.remove(path);
            } else if (stamp.equals(pendingStamps.get(path)) || isSettled(path)) {
                ready.add(path);
                pendingStamps.remove(path);
            } else {
                pendingStamps.put(path, stamp);
            }
        });
        for (Path path : ready) {
            String loadedId = idOf(path);
            if (loadedId != null) {
                LOG.info("plugin JAR {} changed: reloading {}", path.getFileName(), loadedId);
                unload(loadedId, false);
            }
        }
        if (!ready.isEmpty()) {
            load(ready);
        }
    }

    /** Stops and unloads every plugin (after {@link Hooks#beforeStop}). Calling it twice is harmless. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<PluginWrapper> started = new ArrayList<>(manager.getStartedPlugins());
        hooks.beforeStop(started.stream().map(PluginWrapper::getPluginId).collect(Collectors.toCollection(LinkedHashSet::new)));
        types = Map.of();
        for (int i = started.size() - 1; i >= 0; i--) {
            PluginWrapper w = started.get(i);
            try {
                RegisteredType.withLoader(w.getPluginClassLoader(), () -> manager.stopPlugin(w.getPluginId()));
            } catch (RuntimeException e) {
                LOG.warn("plugin {} failed to stop cleanly: {}", w.getPluginId(), describe(e));
            }
        }
        try {
            manager.unloadPlugins();
        } catch (RuntimeException e) {
            LOG.warn("unloading the plugins failed: {}", describe(e));
        }
    }

    private void load(Collection<Path> jars) {
        Map<Path, String> loadedIds = new LinkedHashMap<>();
        for (Path jar : jars) {
            failures.remove(jar);
            try {
                PluginWrapper wrapper = manager.loadWithoutResolving(jar);
                loadedIds.put(jar, wrapper.getPluginId());
            } catch (RuntimeException | LinkageError e) {
                fail(jar, null, "FAILED", jar.getFileName() + (isCorrupt(e)
                        ? ": not a readable JAR file (damaged or not a ZIP at all): " + describe(e)
                        : ": cannot be loaded as a plugin: " + describe(e)
                        + " (a plugin JAR's manifest needs Plugin-Id, Plugin-Version and Plugin-Class)"), false);
            }
        }
        try {
            manager.resolve();
        } catch (RuntimeException e) {
            // A dependency cycle: PF4J cannot recover from it, so none of the new JARs is kept.
            for (Map.Entry<Path, String> entry : loadedIds.entrySet()) {
                PluginWrapper wrapper = manager.getPlugin(entry.getValue());
                if (wrapper != null) {
                    manager.unloadPlugin(entry.getValue());
                }
                fail(entry.getKey(), wrapper == null ? null : wrapper.getDescriptor(), "FAILED",
                        entry.getKey().getFileName() + ": its dependencies cannot be resolved: " + describe(e), false);
            }
            return;
        }
        List<String> started = new ArrayList<>();
        for (PluginWrapper wrapper : new ArrayList<>(manager.getResolvedPlugins())) {
            String id = wrapper.getPluginId();
            Path jar = wrapper.getPluginPath();
            if (!loadedIds.containsValue(id) || wrapper.getPluginState() == PluginState.STARTED) {
                continue;
            }
            if (wrapper.getPluginState() == PluginState.DISABLED) {
                PluginDescriptor descriptor = wrapper.getDescriptor();
                String reason = manager.admits(descriptor.getRequires())
                        ? jar.getFileName() + ": disabled in the plugins folder's disabled.txt / enabled.txt"
                        : requiresMessage(jar.getFileName().toString(), descriptor);
                manager.unloadPlugin(id);
                fail(jar, descriptor, "DISABLED", reason, false);
                continue;
            }
            PluginState state = RegisteredType.withLoader(wrapper.getPluginClassLoader(), () -> manager.startPlugin(id));
            if (state != PluginState.STARTED) {
                Throwable cause = wrapper.getFailedException();
                PluginDescriptor descriptor = wrapper.getDescriptor();
                try {
                    manager.unloadPlugin(id);
                } catch (RuntimeException e) {
                    LOG.warn("unloading the failed plugin {} failed: {}", id, describe(e));
                }
                fail(jar, descriptor, "FAILED", jar.getFileName() + ": plugin '" + id + "' failed to start: "
                        + (cause == null ? "state " + state : describe(cause)), false);
                continue;
            }
            loadedStamps.put(jar, stampOf(jar));
            registerTypes(wrapper);
            started.add(id);
        }
        // Whatever PF4J dropped during resolution lacks a dependency (or has one of the wrong version).
        loadedIds.forEach((jar, id) -> {
            if (manager.getPlugin(id) == null && !failures.containsKey(jar)) {
                PluginDescriptor descriptor = null;
                try {
                    descriptor = manager.readDescriptor(jar);
                } catch (RuntimeException e) {
                    // already loaded once: cannot happen short of the JAR changing meanwhile
                }
                String needs = descriptor == null ? "" : descriptor.getDependencies().toString();
                fail(jar, descriptor, "UNRESOLVED", jar.getFileName() + ": plugin '" + id + "' needs plugins that are"
                        + " missing or of the wrong version: " + needs, true);
            }
        });
        started.forEach(id -> hooks.changed(HostListener.Change.PLUGIN_LOADED, id));
        failures.forEach((jar, failure) -> {
            if (jars.contains(jar)) {
                hooks.changed(HostListener.Change.PLUGIN_FAILED, failure.info().id());
            }
        });
        if (!started.isEmpty()) {
            List<Path> waiting = failures.entrySet().stream().filter(e -> e.getValue().waitsForDependency())
                    .map(Map.Entry::getKey).collect(Collectors.toList());
            if (!waiting.isEmpty()) {
                load(waiting);
            }
        }
    }

    private void registerTypes(PluginWrapper wrapper) {
        String pluginId = wrapper.getPluginId();
        ClassLoader loader = wrapper.getPluginClassLoader();
        Map<String, RegisteredType> next = new HashMap<>(types);
        @SuppressWarnings("rawtypes")
        List<ElementType> extensions = RegisteredType.withLoader(loader,
                () -> manager.getExtensions(ElementType.class, pluginId));
        for (ElementType<?> type : extensions) {
            try {
                RegisteredType registered = RegisteredType.withLoader(loader, () -> register(type, pluginId, loader));
                RegisteredType earlier = next.putIfAbsent(registered.fullName(), registered);
                if (earlier != null) {
                    LOG.warn("plugin {} gives type {}, which plugin {} gives already: ignoring the second one",
                            pluginId, registered.fullName(), earlier.pluginId());
                }
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("plugin {}: element type {} is unusable: {}", pluginId, type.getClass().getName(), describe(e));
            }
        }
        types = Map.copyOf(next);
    }

    @SuppressWarnings("unchecked")
    private RegisteredType register(ElementType<?> type, String pluginId, ClassLoader loader) {
        TypeDescriptor descriptor = type.descriptor();
        Class<? extends Record> configClass = type.configClass();
        TypeInfo info = new TypeInfo(descriptor, pluginId, schemas.schemaOf(configClass),
                schemas.secretFields(configClass));
        return new RegisteredType(type, pluginId, loader, info);
    }

    private PluginInfo infoOf(PluginWrapper wrapper) {
        String id = wrapper.getPluginId();
        List<String> given = types.values().stream().filter(t -> t.pluginId().equals(id))
                .map(RegisteredType::fullName).sorted().collect(Collectors.toList());
        Throwable failed = wrapper.getFailedException();
        String error = wrapper.getPluginState() == PluginState.STARTED ? null
                : wrapper.getPluginPath().getFileName() + ": " + (failed == null ? "state " + wrapper.getPluginState()
                : describe(failed));
        return new PluginInfo(id, wrapper.getDescriptor().getVersion(), wrapper.getPluginState().toString(), error,
                wrapper.getPluginPath(), given);
    }

    private void fail(Path jar, PluginDescriptor descriptor, String state, String reason, boolean waitsForDependency) {
        LOG.info("plugin not started: {}", reason);
        String id = descriptor == null || descriptor.getPluginId() == null ? jar.getFileName().toString()
                : descriptor.getPluginId();
        String version = descriptor == null ? "" : descriptor.getVersion();
        failures.put(jar, new Failure(new PluginInfo(id, version, state, reason, jar, List.of()), stampOf(jar),
                waitsForDependency));
    }

    private String requiresMessage(String jarName, PluginDescriptor descriptor) {
        return jarName + ": plugin '" + descriptor.getPluginId() + "' requires platform " + descriptor.getRequires()
                + ", but this host runs platform " + manager.getSystemVersion()
                + ": use a build of the plugin made for this platform";
    }

    private String idOf(Path path) {
        return manager.getPlugins().stream().filter(w -> w.getPluginPath().equals(path))
                .map(PluginWrapper::getPluginId).findFirst().orElse(null);
    }

    private Map<Path, String> listJars() {
        Map<Path, String> jars = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.list(pluginsDir)) {
            files.filter(p -> p.getFileName().toString().endsWith(".jar") && !p.getFileName().toString().startsWith("."))
                    .filter(Files::isRegularFile)
                    .forEach(p -> jars.put(p.toAbsolutePath().normalize(), stampOf(p)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the plugins folder " + pluginsDir + ": " + e.getMessage(), e);
        }
        return jars;
    }

    /**
     * True when a JAR can be loaded on first sight: untouched for a moment and readable as a whole ZIP (a file still
     * being copied has no central directory yet). Saves the second look, which made a drop-in take over 2 s.
     */
    private static boolean isSettled(Path jar) {
        try {
            long age = System.currentTimeMillis() - Files.getLastModifiedTime(jar).toMillis();
            if (age < SETTLE_MILLIS) {
                return false;
            }
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
                return zip.size() > 0;
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static String stampOf(Path path) {
        return AppVariables.stampOf(path);
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", path, e.toString());
        }
    }

    private static boolean isCorrupt(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.util.zip.ZipException) {
                return true;
            }
        }
        return false;
    }

    /** The messages of an exception and its causes, without repeats: what a person reads to fix a JAR. */
    static String describe(Throwable e) {
        Set<String> parts = new LinkedHashSet<>();
        for (Throwable t = e; t != null && parts.size() < 4; t = t.getCause()) {
            String message = t.getMessage();
            String part = message == null || message.isBlank() ? t.getClass().getSimpleName()
                    : (t instanceof RuntimeException && t.getClass().getName().startsWith("org.pf4j")
                    ? message : t.getClass().getSimpleName() + ": " + message);
            if (parts.stream().noneMatch(p -> p.contains(message == null ? part : message))) {
                parts.add(part);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return String.join(": ", parts);
    }
}
