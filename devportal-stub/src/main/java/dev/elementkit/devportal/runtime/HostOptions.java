package dev.elementkit.devportal.runtime;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * How to open a {@link Host}.
 *
 * @param appDir          the app folder (holding {@code app.json})
 * @param pluginsDir      the folder of plugin JARs; created when missing
 * @param environment     the process environment the {@code {{VAR}}} placeholders see before the app's {@code .env}
 *                        (normally {@code System.getenv()}; tests pass their own)
 * @param watchPlugins    true to load JARs dropped into {@code pluginsDir} and unload removed ones while running
 * @param pluginCallLimit how long a plugin's constructor, {@code start()}, {@code stop()} or a Type's
 *                        {@code create} may take before the host gives up on it and marks it failed
 * @param meterRegistry   where every cache element records its calls ({@code cache.*} meters), or null for no
 *                        metrics at no cost
 * @param startPluginsOnDemand false to start every plugin when the host opens; true to start a plugin only when one
 *                        of its Types is first asked for (a command or a program that uses one element then pays
 *                        for one plugin's start, not all of them). Listing plugins or Types, or asking for a Type no
 *                        started plugin gives, starts all the others, so every answer is the same either way.
 */
public record HostOptions(Path appDir, Path pluginsDir, Map<String, String> environment, boolean watchPlugins,
                          Duration pluginCallLimit, MeterRegistry meterRegistry, boolean startPluginsOnDemand) {

    /**
     * Long enough for a first Redis connection on a busy two-core machine (5 s was not, in the leak test); short
     * enough that nobody waits on a stuck plugin for long.
     */
    public static final Duration DEFAULT_PLUGIN_CALL_LIMIT = Duration.ofSeconds(10);

    public HostOptions {
        Objects.requireNonNull(appDir, "appDir");
        Objects.requireNonNull(pluginsDir, "pluginsDir");
        appDir = appDir.toAbsolutePath().normalize();
        pluginsDir = pluginsDir.toAbsolutePath().normalize();
        environment = Map.copyOf(environment);
        pluginCallLimit = pluginCallLimit == null ? DEFAULT_PLUGIN_CALL_LIMIT : pluginCallLimit;
        if (pluginCallLimit.isNegative() || pluginCallLimit.isZero()) {
            throw new IllegalArgumentException("pluginCallLimit must be positive, was " + pluginCallLimit);
        }
    }

    /** Options starting every plugin when the host opens. */
    public HostOptions(Path appDir, Path pluginsDir, Map<String, String> environment, boolean watchPlugins,
                       Duration pluginCallLimit, MeterRegistry meterRegistry) {
        this(appDir, pluginsDir, environment, watchPlugins, pluginCallLimit, meterRegistry, false);
    }

    /** Options without metrics. */
    public HostOptions(Path appDir, Path pluginsDir, Map<String, String> environment, boolean watchPlugins,
                       Duration pluginCallLimit) {
        this(appDir, pluginsDir, environment, watchPlugins, pluginCallLimit, null);
    }

    /** Options with the default plugin call limit. */
    public HostOptions(Path appDir, Path pluginsDir, Map<String, String> environment, boolean watchPlugins) {
        this(appDir, pluginsDir, environment, watchPlugins, DEFAULT_PLUGIN_CALL_LIMIT);
    }

    /** The usual options: the process environment, no folder watching. */
    public static HostOptions of(Path appDir, Path pluginsDir) {
        return new HostOptions(appDir, pluginsDir, System.getenv(), false);
    }

    /** The same options with plugin-folder watching on or off. */
    public HostOptions watching(boolean watch) {
        return new HostOptions(appDir, pluginsDir, environment, watch, pluginCallLimit, meterRegistry,
                startPluginsOnDemand);
    }

    /** The same options with another limit for calls into plugins. */
    public HostOptions withPluginCallLimit(Duration limit) {
        return new HostOptions(appDir, pluginsDir, environment, watchPlugins, limit, meterRegistry,
                startPluginsOnDemand);
    }

    /** The same options recording cache metrics into {@code registry} (null: none). */
    public HostOptions withMeterRegistry(MeterRegistry registry) {
        return new HostOptions(appDir, pluginsDir, environment, watchPlugins, pluginCallLimit, registry,
                startPluginsOnDemand);
    }

    /** The same options starting plugins when the host opens (false) or when one of their Types is needed (true). */
    public HostOptions startingPluginsOnDemand(boolean onDemand) {
        return new HostOptions(appDir, pluginsDir, environment, watchPlugins, pluginCallLimit, meterRegistry,
                onDemand);
    }
}
