package dev.elementkit.devportal.scripting;

import java.util.Map;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * JShell execution in this JVM, so that {@code app} is the live App of the running host: snippet classes are
 * defined in a loader whose parent is the host's, and they run on the thread that evaluates them.
 *
 * <p>Why not JShell's own {@code "local"} engine: on JDK 17 it runs every snippet in a fresh thread group and then
 * joins every thread of that group. A plugin that starts its client threads during a snippet (Lettuce's Netty
 * event loop on the first {@code getElement}) puts them in that group, and the snippet would never return. Its
 * loader's parent is also fixed to the system class loader, which is not the host's when the host is embedded.
 *
 * <p>Registered as a service so that the JShell tool finds it by {@link #NAME} ({@code --execution}).
 */
public final class HostExecutionControlProvider implements ExecutionControlProvider {

    /** The name {@code --execution} selects this engine by (letters only: the spec syntax reads it as an id). */
    public static final String NAME = "elementkit";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
        return new HostExecutionControl(new SnippetLoaderDelegate(HostExecutionControlProvider.class.getClassLoader()));
    }
}
