package dev.elementkit.devportal.runtime;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * How to open a {@link Host}.
 *
 * @param appDir       the app folder (holding {@code app.json})
 * @param pluginsDir   the folder of plugin JARs; created when missing
 * @param environment  the process environment the {@code {{VAR}}} placeholders see before the app's {@code .env}
 *                     (normally {@code System.getenv()}; tests pass their own)
 * @param watchPlugins true to load JARs dropped into {@code pluginsDir} and unload removed ones while running
 */
public record HostOptions(Path appDir, Path pluginsDir, Map<String, String> environment, boolean watchPlugins) {

    public HostOptions {
        Objects.requireNonNull(appDir, "appDir");
        Objects.requireNonNull(pluginsDir, "pluginsDir");
        appDir = appDir.toAbsolutePath().normalize();
        pluginsDir = pluginsDir.toAbsolutePath().normalize();
        environment = Map.copyOf(environment);
    }

    /** The usual options: the process environment, no folder watching. */
    public static HostOptions of(Path appDir, Path pluginsDir) {
        return new HostOptions(appDir, pluginsDir, System.getenv(), false);
    }

    /** The same options with plugin-folder watching on or off. */
    public HostOptions watching(boolean watch) {
        return new HostOptions(appDir, pluginsDir, environment, watch);
    }
}
