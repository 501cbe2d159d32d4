package dev.elementkit.devportal.embed;

import dev.elementkit.devportal.runtime.Host;
import dev.elementkit.devportal.runtime.HostOptions;
import dev.elementkit.platform.app.App;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;

/**
 * Opens an app from any Java program, with the elements resolving exactly as in {@code devportal}:
 * <pre>{@code
 * try (App app = ElementKit.openApp(Path.of("my-app"), Path.of("plugins"))) {
 *     Cache cache = app.getElement("caches.Default");
 *     cache.set("user:1001:name", "John", 3600);
 * }
 * }</pre>
 * Needs the host on the class path ({@code devportal-stub-<version>.jar}, whose manifest lists its libraries) and the
 * plugin JARs in the plugins folder; no web server is started.
 */
public final class ElementKit {

    private ElementKit() {
    }

    /**
     * Opens the app folder {@code appDir} (holding {@code app.json}) over the plugins in {@code pluginsDir}. A plugin
     * starts when an element first needs one of its Types (listing the elements' status starts them all), so a
     * program that uses one cache pays for one plugin's start.
     * The caller owns the returned app: closing it closes every element, stops the plugins and ends their threads.
     * Variables ({@code {{VAR}}}) resolve from the process environment, then the app's {@code .env}.
     *
     * @throws IllegalArgumentException when the app folder or its {@code app.json} cannot be read, naming the file
     */
    public static App openApp(Path appDir, Path pluginsDir) {
        return openApp(HostOptions.of(appDir, pluginsDir).startingPluginsOnDemand(true));
    }

    /**
     * As {@link #openApp(Path, Path)}, every cache element recording its calls into the program's own
     * {@code registry} ({@code cache.gets}, {@code cache.calls}, … tagged with the element's fullName): expose it as
     * the program exposes its other metrics.
     */
    public static App openApp(Path appDir, Path pluginsDir, MeterRegistry registry) {
        return openApp(HostOptions.of(appDir, pluginsDir).startingPluginsOnDemand(true).withMeterRegistry(registry));
    }

    /** As {@link #openApp(Path, Path)}, with every host option (e.g. an environment of your own). */
    public static App openApp(HostOptions options) {
        return new HostOwningApp(Host.open(options));
    }
}
