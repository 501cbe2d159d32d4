package dev.elementkit.devportal.runtime;

import dev.elementkit.platform.config.ConfigBinder;
import dev.elementkit.platform.config.ConfigSchemas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.pf4j.PluginDependency;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins of one plugins folder: ties the {@link PluginFolder} (what is there), the {@link PluginLoader} (PF4J
 * and the calls into plugins) and the {@link TypeRegistry} (the Types they give) together.
 *
 * <p>Every JAR is handled on its own, so that a corrupt file, a bad descriptor, a plugin requiring another platform
 * version, one whose dependencies are missing, circular or of the wrong version, or one whose {@code start()} throws
 * or blocks is recorded with its reason (naming the JAR) while the others go on. A recorded failure is retried when
 * its JAR changes, and one that waited for a dependency when another plugin arrives. Replacing a plugin is atomic:
 * the new JAR is started on trial first, and if it fails after all, the old one is put back.
 *
 * <p>Started on demand ({@link HostOptions#startPluginsOnDemand()}), nothing starts until a Type is asked for; then
 * the JAR the {@link TypeIndex} names for it is started with its dependencies, and when there is no such JAR or it
 * did not give the Type after all, every other JAR too. Anything that lists or changes plugins starts them all
 * first, so that its answer is the one an eagerly started host gives.
 *
 * <p>Thread-safe. Lifecycle operations are serialized on a lock of their own, which no request path takes: listing
 * reads a snapshot, {@link #type} reads the registry's, and the host's element lock is taken only by
 * {@link Hooks#beforeStop} while instances close. Calls into plugins are bounded by the {@link BoundedCalls} limit.
 */
final class PluginRuntime implements AutoCloseable {

    /** What the host does around plugin changes. */
    interface Hooks {
        /** Called when the plugins' Types left the registry, before the plugins stop: close their instances. */
        void beforeStop(Set<String> pluginIds);

        /** Called after a change: tell the listeners. */
        void changed(HostListener.Change change, String subject);
    }

    private static final Logger LOG = LoggerFactory.getLogger(PluginRuntime.class);

    private final PluginFolder folder;
    private final PluginLoader loader;
    private final TypeRegistry registry = new TypeRegistry();
    private final Hooks hooks;
    private final boolean onDemand;
    private final ReentrantLock lifecycle = new ReentrantLock();
    private final TypeIndex index;
    // Guarded by lifecycle:
    private final Map<Path, Failure> failures = new HashMap<>();
    private final Map<String, Path> jarOf = new HashMap<>();
    private final Map<Path, String> loadedStamps = new HashMap<>();
    private boolean closed;
    private boolean allTried; // loadRemaining() ran or runs: a listener it calls must not start it again
    // True once every JAR of the folder was started or failed; read without the lock by type().
    private volatile boolean allLoaded;
    private volatile List<PluginInfo> listing = List.of();

    /** A JAR that is not running, and the stamp it had then. */
    private record Failure(PluginInfo info, String stamp, boolean waitsForDependency) {
    }

    /**
     * @param onDemand false to start every plugin in {@link #open}, true to start them as their Types are asked for
     */
    PluginRuntime(Path pluginsDir, String systemVersion, ConfigBinder binder, BoundedCalls calls, Hooks hooks,
                  boolean onDemand) {
        this.folder = new PluginFolder(pluginsDir);
        this.loader = new PluginLoader(pluginsDir, systemVersion, new ConfigSchemas(binder), binder, calls);
        this.hooks = hooks;
        this.onDemand = onDemand;
        this.index = onDemand ? TypeIndex.of(folder.dir()) : null;
    }

    /** Starts every JAR of the plugins folder, or, on demand, none yet. */
    void open() {
        if (!onDemand) {
            locked(this::loadRemaining);
        }
    }

    /** Starts the JARs that were neither started nor tried yet: all of them, the first time. */
    private void loadRemaining() {
        if (allTried) {
            return;
        }
        allTried = true;
        Set<Path> handled = new HashSet<>(jarOf.values());
        handled.addAll(failures.keySet());
        List<Path> remaining = folder.list().keySet().stream().filter(jar -> !handled.contains(jar)).toList();
        if (!remaining.isEmpty()) {
            load(remaining);
        }
        allLoaded = true;
    }

    /**
     * The Type called {@code fullName}, if a started plugin gives it. On demand, a Type not registered yet starts
     * its plugin (or all of them) first; once every plugin was started, a miss is a registry lookup like a hit.
     */
    Optional<RegisteredType> type(String fullName) {
        Optional<RegisteredType> type = registry.type(fullName);
        if (type.isPresent() || allLoaded || !onDemand) {
            return type;
        }
        return locked(() -> {
            startFor(fullName);
            return registry.type(fullName);
        });
    }

    /** Starts the JAR the index names for {@code typeFullName}, with its dependencies; all JARs if that fails. */
    private void startFor(String typeFullName) {
        if (allTried || closed || registry.type(typeFullName).isPresent()) {
            return;
        }
        Map<Path, String> jars = folder.list();
        Optional<Path> jar = index.jarGiving(typeFullName, jars);
        if (jar.isPresent() && !jarOf.containsValue(jar.get()) && !failures.containsKey(jar.get())) {
            load(withDependencies(jar.get(), jars.keySet()));
            if (registry.type(typeFullName).isPresent()) {
                return;
            }
        }
        loadRemaining();
    }

    /** {@code jar} and the JARs of the plugins it needs, directly or not, that are not started yet. */
    private List<Path> withDependencies(Path jar, Collection<Path> jars) {
        Map<String, Path> jarById = new HashMap<>();
        Map<Path, PluginDescriptor> descriptors = new HashMap<>();
        for (Path candidate : jars) {
            try {
                PluginDescriptor descriptor = loader.check(candidate);
                descriptors.put(candidate, descriptor);
                jarById.putIfAbsent(descriptor.getPluginId(), candidate);
            } catch (PluginProblem e) {
                // not a usable JAR: whoever needs it is refused when loading, naming it
            }
        }
        List<Path> needed = new ArrayList<>();
        ArrayDeque<Path> todo = new ArrayDeque<>(List.of(jar));
        while (!todo.isEmpty()) {
            Path next = todo.removeFirst();
            if (needed.contains(next) || jarOf.containsValue(next)) {
                continue;
            }
            needed.add(next);
            PluginDescriptor descriptor = descriptors.get(next);
            if (descriptor != null) {
                for (PluginDependency dependency : descriptor.getDependencies()) {
                    Path dependencyJar = jarById.get(dependency.getPluginId());
                    if (dependencyJar != null) {
                        todo.add(dependencyJar);
                    }
                }
            }
        }
        return needed;
    }

    /** Every registered Type, in fullName order (on demand, after starting every plugin). */
    List<RegisteredType> types() {
        startAll();
        return registry.types();
    }

    /**
     * Every plugin found: started ones and failed JARs, by id. Never waits for a plugin operation, except, on
     * demand, for the start of the plugins not started yet.
     */
    List<PluginInfo> plugins() {
        startAll();
        return listing;
    }

    /** On demand: starts every plugin not started yet, so that a listing is complete. */
    private void startAll() {
        if (!allLoaded) {
            locked(this::loadRemaining);
        }
    }

    /**
     * Copies {@code jar} into the plugins folder and starts it. A plugin of the same id is replaced only once the new
     * one started on trial; if it still fails in its place, the old one is put back, JAR and all.
     *
     * @throws PluginInstallException naming the JAR and the reason; the plugins folder is as it was then
     */
    PluginInfo install(Path jar) {
        String name = jar.getFileName().toString();
        if (!Files.isRegularFile(jar)) {
            throw new PluginInstallException(name + ": no such file " + jar, null);
        }
        return locked(() -> {
            loadRemaining();
            return installLocked(jar, name);
        });
    }

    private PluginInfo installLocked(Path jar, String name) {
        PluginDescriptor descriptor;
        try {
            descriptor = loader.check(jar);
        } catch (PluginProblem e) {
            throw new PluginInstallException(e.getMessage(), null);
        }
        String id = descriptor.getPluginId();
        Map<String, String> remaining = loader.startedVersions();
        remaining.remove(id);
        PluginDependencies.Refusal refusal = PluginDependencies.check(Map.of(id, descriptor), remaining,
                loader::inRange).get(id);
        if (refusal != null) {
            throw new PluginInstallException(name + ": " + refusal.reason(), null);
        }
        Path target = folder.dir().resolve(name);
        boolean inFolder = jar.equals(target);
        Path staged = inFolder ? jar : folder.dir().resolve(".incoming-" + name);
        try {
            if (!inFolder) {
                Files.copy(jar, staged, StandardCopyOption.REPLACE_EXISTING);
            }
            try {
                loader.trial(staged, dependencyJars(descriptor));
            } catch (PluginProblem e) {
                throw new PluginInstallException(e.getMessage().replace(staged.getFileName().toString(), name), null);
            }
            return swap(id, staged, target, inFolder);
        } catch (IOException e) {
            throw new PluginInstallException(name + ": cannot copy it into " + folder.dir() + ": " + e.getMessage(), e);
        } finally {
            if (!inFolder) {
                deleteQuietly(staged);
            }
        }
    }

    /** Puts the tried JAR in place of the plugin {@code id} (if any) and starts it; restores the old one on failure. */
    private PluginInfo swap(String id, Path staged, Path target, boolean inFolder) throws IOException {
        Path oldJar = jarOf.get(id);
        if (oldJar != null) {
            unload(id, false);
        }
        Path backup = null;
        if (!inFolder) {
            if (Files.exists(target)) {
                backup = folder.dir().resolve(".previous-" + target.getFileName());
                Files.move(target, backup, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        failures.remove(target);
        load(List.of(target));
        Failure failure = failures.remove(target);
        if (failure == null) {
            if (backup != null) {
                deleteQuietly(backup);
            }
            if (oldJar != null && !oldJar.equals(target)) {
                failures.remove(oldJar);
                deleteQuietly(oldJar);
            }
            return infoOf(loader.plugin(id));
        }
        LOG.warn("plugin {} failed in place of the old one: putting the old one back", id);
        if (backup != null) {
            Files.move(backup, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } else if (!inFolder) {
            deleteQuietly(target);
        }
        if (oldJar != null) {
            failures.remove(oldJar);
            load(List.of(oldJar));
        }
        throw new PluginInstallException(failure.info().error().replace(staged.getFileName().toString(),
                target.getFileName().toString()), null);
    }

    private List<Path> dependencyJars(PluginDescriptor descriptor) {
        List<Path> jars = new ArrayList<>();
        for (PluginDependency dependency : descriptor.getDependencies()) {
            Path jar = jarOf.get(dependency.getPluginId());
            if (jar != null) {
                jars.add(jar);
            }
        }
        return jars;
    }

    /**
     * Stops and unloads a plugin and the plugins depending on it, after {@link Hooks#beforeStop}.
     *
     * @param deleteJar also delete its JAR from the plugins folder
     * @return false when no plugin of that id is there
     */
    boolean remove(String pluginId, boolean deleteJar) {
        return locked(() -> {
            loadRemaining();
            return unload(pluginId, deleteJar);
        });
    }

    private boolean unload(String pluginId, boolean deleteJar) {
        PluginWrapper wrapper = loader.plugin(pluginId);
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
        Path jar = jarOf.get(pluginId);
        List<String> stopOrder = new ArrayList<>(loader.dependentsOf(pluginId));
        java.util.Collections.reverse(stopOrder);
        stopOrder.add(pluginId);
        registry.remove(stopOrder);
        hooks.beforeStop(new LinkedHashSet<>(stopOrder));
        for (String id : stopOrder) {
            loader.stop(id);
        }
        for (String id : stopOrder) {
            PluginWrapper w = loader.plugin(id);
            String version = w == null ? "" : w.getDescriptor().getVersion();
            loader.unload(id);
            Path path = jarOf.remove(id);
            if (path != null) {
                loadedStamps.remove(path);
                if (!id.equals(pluginId)) {
                    // Its JAR stays; it comes back when the plugin it depends on does.
                    failures.put(path, new Failure(new PluginInfo(id, version, "UNLOADED", path.getFileName()
                            + ": unloaded because plugin '" + pluginId + "', which it depends on, was removed", path,
                            List.of()), HostSupport.stampOf(path), true));
                }
            }
        }
        if (deleteJar && jar != null) {
            deleteQuietly(jar);
        }
        stopOrder.forEach(id -> hooks.changed(HostListener.Change.PLUGIN_UNLOADED, id));
        return true;
    }

    /**
     * Looks at the plugins folder once: loads new or changed JARs once they are settled and unloads plugins whose
     * JAR is gone.
     */
    void poll() {
        locked(() -> {
            if (closed) {
                return;
            }
            loadRemaining();
            Map<Path, String> handled = new HashMap<>(loadedStamps);
            failures.forEach((path, failure) -> handled.put(path, failure.stamp()));
            PluginFolder.Changes changes = folder.look(handled);
            for (Path path : changes.removed()) {
                failures.remove(path);
                idLoadedFrom(path).ifPresent(id -> {
                    LOG.info("plugin JAR {} was removed: unloading {}", path.getFileName(), id);
                    unload(id, false);
                });
            }
            for (Path path : changes.ready()) {
                idLoadedFrom(path).ifPresent(id -> {
                    LOG.info("plugin JAR {} changed: reloading {}", path.getFileName(), id);
                    unload(id, false);
                });
            }
            if (!changes.ready().isEmpty()) {
                load(changes.ready());
            }
        });
    }

    /** Stops and unloads every plugin (after {@link Hooks#beforeStop}). Calling it twice is harmless. */
    @Override
    public void close() {
        locked(() -> {
            if (closed) {
                return;
            }
            closed = true;
            Set<String> started = new LinkedHashSet<>(loader.startedVersions().keySet());
            registry.clear();
            hooks.beforeStop(started);
            loader.close();
            jarOf.clear();
            loadedStamps.clear();
        });
    }

    private void load(Collection<Path> jars) {
        Map<String, PluginDescriptor> candidates = new LinkedHashMap<>();
        Map<String, Path> pathOf = new HashMap<>();
        for (Path jar : jars) {
            failures.remove(jar);
            PluginDescriptor descriptor;
            try {
                descriptor = loader.check(jar);
            } catch (PluginProblem e) {
                fail(jar, e.descriptor(), e);
                continue;
            }
            String id = descriptor.getPluginId();
            Path other = loader.plugin(id) != null ? jarOf.get(id) : pathOf.get(id);
            if (other != null || loader.plugin(id) != null) {
                fail(jar, descriptor, PluginProblem.failed(jar.getFileName() + ": plugin id '" + id + "' is given by "
                        + (other == null ? "a loaded plugin" : other.getFileName()) + " already: remove one of the"
                        + " two JARs"));
                continue;
            }
            candidates.put(id, descriptor);
            pathOf.put(id, jar);
        }
        PluginDependencies.check(candidates, loader.startedVersions(), loader::inRange).forEach((id, refusal) -> {
            Path jar = pathOf.get(id);
            fail(jar, candidates.remove(id), new PluginProblem(refusal.waitsForDependency() ? "UNRESOLVED" : "FAILED",
                    jar.getFileName() + ": " + refusal.reason(), refusal.waitsForDependency()));
        });
        List<PluginWrapper> loaded = new ArrayList<>();
        for (Map.Entry<String, PluginDescriptor> candidate : candidates.entrySet()) {
            Path jar = pathOf.get(candidate.getKey());
            try {
                loaded.add(loader.load(jar));
            } catch (PluginProblem e) {
                fail(jar, candidate.getValue(), e);
            }
        }
        try {
            loader.resolve();
        } catch (RuntimeException e) {
            // Cannot happen for a set the dependency check passed; if it does, none of the new plugins is kept.
            for (int i = loaded.size() - 1; i >= 0; i--) {
                PluginWrapper wrapper = loaded.get(i);
                loader.unload(wrapper.getPluginId());
                fail(wrapper.getPluginPath(), wrapper.getDescriptor(), PluginProblem.failed(
                        wrapper.getPluginPath().getFileName() + ": its dependencies cannot be resolved: "
                                + HostSupport.describe(e)));
            }
            return;
        }
        List<String> started = new ArrayList<>();
        Set<String> notStarted = new LinkedHashSet<>();
        // PF4J keeps resolved plugins in dependency order: a dependency starts before its dependents.
        for (PluginWrapper wrapper : new ArrayList<>(loader.plugins())) {
            if (!loaded.contains(wrapper)) {
                continue;
            }
            startOne(wrapper, notStarted).ifPresent(started::add);
        }
        started.forEach(id -> hooks.changed(HostListener.Change.PLUGIN_LOADED, id));
        failures.forEach((jar, failure) -> {
            if (jars.contains(jar)) {
                hooks.changed(HostListener.Change.PLUGIN_FAILED, failure.info().id());
            }
        });
        if (!started.isEmpty()) {
            List<Path> waiting = failures.entrySet().stream().filter(e -> e.getValue().waitsForDependency())
                    .map(Map.Entry::getKey).toList();
            if (!waiting.isEmpty()) {
                load(waiting);
            }
        }
    }

    /** Starts one loaded plugin and registers its Types; the id when it started. */
    private Optional<String> startOne(PluginWrapper wrapper, Set<String> notStarted) {
        String id = wrapper.getPluginId();
        Path jar = wrapper.getPluginPath();
        PluginDescriptor descriptor = wrapper.getDescriptor();
        try {
            if (!loader.isResolved(wrapper)) {
                loader.unload(id);
                throw new PluginProblem("DISABLED", jar.getFileName()
                        + ": disabled in the plugins folder's disabled.txt / enabled.txt", false);
            }
            Optional<PluginDependency> failedDependency = descriptor.getDependencies().stream()
                    .filter(d -> notStarted.contains(d.getPluginId())).findFirst();
            if (failedDependency.isPresent()) {
                loader.unload(id);
                throw new PluginProblem("UNRESOLVED", jar.getFileName() + ": plugin '" + id + "' needs plugin '"
                        + failedDependency.get().getPluginId() + "' (" + PluginDependencies.versions(
                        failedDependency.get()) + "), which failed to start: see its own entry", true);
            }
            loader.start(wrapper);
            List<RegisteredType> types;
            try {
                types = loader.typesOf(wrapper);
            } catch (PluginProblem e) {
                loader.stop(id);
                loader.unload(id);
                throw e;
            }
            registry.add(id, types);
            StartupTrace.mark("plugin " + id + " started");
            jarOf.put(id, jar);
            String stamp = HostSupport.stampOf(jar);
            loadedStamps.put(jar, stamp);
            if (index != null) {
                index.record(jar, stamp, types.stream().map(RegisteredType::fullName).toList());
            }
            return Optional.of(id);
        } catch (PluginProblem e) {
            notStarted.add(id);
            fail(jar, descriptor, e);
            return Optional.empty();
        }
    }

    private void fail(Path jar, PluginDescriptor descriptor, PluginProblem problem) {
        LOG.info("plugin not started: {}", problem.getMessage());
        String id = descriptor == null || descriptor.getPluginId() == null ? jar.getFileName().toString()
                : descriptor.getPluginId();
        String version = descriptor == null ? "" : descriptor.getVersion();
        failures.put(jar, new Failure(new PluginInfo(id, version, problem.state(), problem.getMessage(), jar,
                List.of()), HostSupport.stampOf(jar), problem.waitsForDependency()));
    }

    private Optional<String> idLoadedFrom(Path path) {
        return jarOf.entrySet().stream().filter(e -> e.getValue().equals(path)).map(Map.Entry::getKey).findFirst();
    }

    private PluginInfo infoOf(PluginWrapper wrapper) {
        String id = wrapper.getPluginId();
        Throwable failed = wrapper.getFailedException();
        Path jar = jarOf.getOrDefault(id, wrapper.getPluginPath());
        String error = wrapper.getPluginState() == PluginState.STARTED ? null
                : jar.getFileName() + ": " + (failed == null ? "state " + wrapper.getPluginState()
                : HostSupport.describe(failed));
        return new PluginInfo(id, wrapper.getDescriptor().getVersion(), wrapper.getPluginState().toString(), error,
                jar, registry.namesOf(id));
    }

    /** Publishes the listing {@link #plugins} reads. The caller holds the lifecycle lock. */
    private void publish() {
        List<PluginInfo> all = new ArrayList<>();
        loader.plugins().forEach(wrapper -> all.add(infoOf(wrapper)));
        failures.values().forEach(f -> all.add(f.info()));
        all.sort(Comparator.comparing(PluginInfo::id).thenComparing(p -> p.path().toString()));
        listing = List.copyOf(all);
    }

    private void locked(Runnable action) {
        locked(() -> {
            action.run();
            return null;
        });
    }

    /** Runs a lifecycle operation, then publishes the listing it changed. */
    private <T> T locked(java.util.function.Supplier<T> action) {
        lifecycle.lock();
        try {
            return action.get();
        } finally {
            publish();
            if (index != null && !closed) {
                index.saveChanges(folder::list);
            }
            lifecycle.unlock();
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", path, e.toString());
        }
    }
}
