package dev.elementkit.devportal.runtime;

import java.nio.file.Path;
import java.util.List;
import org.pf4j.JarPluginManager;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginWrapper;
import org.pf4j.RuntimeMode;

/**
 * PF4J's JAR plugin manager, opened up so that the host loads JARs one by one and records each one's failure
 * (PF4J's own {@code loadPlugins()} only logs them), and so that one plugin with a missing dependency is dropped
 * instead of failing every other plugin's resolution. Not thread-safe: {@link PluginRuntime} serializes calls.
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

    /** Reads the JAR's descriptor and creates its class loader, without resolving or starting it. */
    PluginWrapper loadWithoutResolving(Path jar) {
        return loadPluginFromPath(jar);
    }

    /** Reads a JAR's descriptor only (nothing is loaded), validated as PF4J does on load. */
    PluginDescriptor readDescriptor(Path jar) {
        PluginDescriptor descriptor = getPluginDescriptorFinder().find(jar);
        validatePluginDescriptor(descriptor);
        return descriptor;
    }

    /** Resolves dependencies of everything loaded; plugins whose dependencies are missing are unloaded. */
    void resolve() {
        resolvePlugins();
    }

    /** True when {@code requires} admits the system version (PF4J's own rule, including exact versions). */
    boolean admits(String requires) {
        String expression = requires == null ? "" : requires.trim();
        if (!isExactVersionAllowed() && expression.matches("^\\d+\\.\\d+\\.\\d+$")) {
            expression = ">=" + expression;
        }
        return getVersionManager().checkVersionConstraint(getSystemVersion(), expression);
    }

    /** The plugins that depend on {@code pluginId}, directly or not. */
    List<String> dependentsOf(String pluginId) {
        List<String> all = new java.util.ArrayList<>();
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(dependencyResolver.getDependents(pluginId));
        while (!todo.isEmpty()) {
            String next = todo.removeFirst();
            if (!all.contains(next)) {
                all.add(next);
                todo.addAll(dependencyResolver.getDependents(next));
            }
        }
        return all;
    }
}
