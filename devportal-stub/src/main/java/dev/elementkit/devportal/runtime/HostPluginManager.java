package dev.elementkit.devportal.runtime;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.List;
import org.pf4j.JarPluginManager;
import org.pf4j.Plugin;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginFactory;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginState;
import org.pf4j.PluginStateEvent;
import org.pf4j.PluginWrapper;
import org.pf4j.RuntimeMode;

/**
 * PF4J's JAR plugin manager, opened up so that the host loads JARs one by one and records each one's failure
 * (PF4J's own {@code loadPlugins()} only logs them), calls a plugin's constructor and {@code start()}/{@code stop()}
 * itself (on a bounded thread, see {@link PluginLoader}), and unloads one plugin at a time without PF4J's walk over
 * its dependents. Not thread-safe: {@link PluginLoader} serializes calls.
 */
final class HostPluginManager extends JarPluginManager {

    HostPluginManager(Path pluginsDir, String systemVersion) {
        super(pluginsDir);
        setSystemVersion(systemVersion);
        setResolveRecoveryStrategy(ResolveRecoveryStrategy.IGNORE_PLUGIN_AND_CONTINUE);
    }

    @Override
    public RuntimeMode getRuntimeMode() {
        // The plugins folder holds built JARs; the development mode (class folders) would read nothing there.
        return RuntimeMode.DEPLOYMENT;
    }

    @Override
    protected PluginFactory createPluginFactory() {
        return HostPluginManager::createPlugin;
    }

    /**
     * PF4J's default factory logs and returns null when the class is missing or its constructor throws, and the
     * host then saw a NullPointerException; this one throws with the cause a plugin author can act on.
     */
    private static Plugin createPlugin(PluginWrapper wrapper) {
        String className = wrapper.getDescriptor().getPluginClass();
        Class<?> pluginClass;
        try {
            pluginClass = wrapper.getPluginClassLoader().loadClass(className);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new PluginRuntimeException("Plugin-Class '" + className + "' cannot be loaded from the JAR: "
                    + HostSupport.describe(e));
        }
        if (!Plugin.class.isAssignableFrom(pluginClass) || Modifier.isAbstract(pluginClass.getModifiers())) {
            throw new PluginRuntimeException("Plugin-Class '" + className + "' is not a concrete subclass of"
                    + " org.pf4j.Plugin");
        }
        try {
            try {
                return (Plugin) pluginClass.getConstructor(PluginWrapper.class).newInstance(wrapper);
            } catch (NoSuchMethodException e) {
                return (Plugin) pluginClass.getConstructor().newInstance();
            }
        } catch (InvocationTargetException e) {
            throw new PluginRuntimeException("the constructor of Plugin-Class '" + className + "' threw: "
                    + HostSupport.describe(e.getCause()));
        } catch (ReflectiveOperationException e) {
            throw new PluginRuntimeException("Plugin-Class '" + className + "' has no public constructor taking"
                    + " nothing (or a PluginWrapper): " + HostSupport.describe(e));
        }
    }

    /** Reads the JAR's descriptor and creates its class loader, without resolving or starting it. */
    PluginWrapper loadWithoutResolving(Path jar) {
        return loadPluginFromPath(jar);
    }

    /** Reads a JAR's descriptor only (nothing is loaded). */
    PluginDescriptor readDescriptor(Path jar) {
        return getPluginDescriptorFinder().find(jar);
    }

    /** Resolves the dependencies of everything loaded (the host hands PF4J only sets that resolve). */
    void resolve() {
        resolvePlugins();
    }

    /** Records that the host started {@code wrapper}'s plugin itself, as PF4J's own start would. */
    void markStarted(PluginWrapper wrapper) {
        PluginState before = wrapper.getPluginState();
        wrapper.setPluginState(PluginState.STARTED);
        wrapper.setFailedException(null);
        startedPlugins.add(wrapper);
        firePluginStateEvent(new PluginStateEvent(this, wrapper, before));
    }

    /** Records that the host stopped {@code wrapper}'s plugin itself (or gave up on it), so unloading calls no stop(). */
    void markStopped(PluginWrapper wrapper, PluginState state) {
        PluginState before = wrapper.getPluginState();
        wrapper.setPluginState(state);
        startedPlugins.remove(wrapper);
        firePluginStateEvent(new PluginStateEvent(this, wrapper, before));
    }

    /**
     * Unloads one plugin and closes its class loader. Its dependents must be unloaded first: PF4J's own
     * {@code unloadPlugin(id)} walks them on a graph it does not update meanwhile, which loops on a cycle.
     */
    void unloadAlone(String pluginId) {
        unloadPlugin(pluginId, false);
    }

    /** True when {@code requires} admits the system version (PF4J's own rule, including exact versions). */
    boolean admits(String requires) {
        String expression = requires == null ? "" : requires.trim();
        if (!isExactVersionAllowed() && expression.matches("^\\d+\\.\\d+\\.\\d+$")) {
            expression = ">=" + expression;
        }
        return getVersionManager().checkVersionConstraint(getSystemVersion(), expression);
    }

    /** The plugins that depend on {@code pluginId}, directly or not, dependents of dependents last. */
    List<String> dependentsOf(String pluginId) {
        List<String> all = new ArrayList<>();
        ArrayDeque<String> todo = new ArrayDeque<>(dependencyResolver.getDependents(pluginId));
        while (!todo.isEmpty()) {
            String next = todo.removeFirst();
            if (!all.contains(next) && !next.equals(pluginId)) {
                all.add(next);
                todo.addAll(dependencyResolver.getDependents(next));
            }
        }
        return all;
    }
}
