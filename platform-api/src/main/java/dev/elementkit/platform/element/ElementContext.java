package dev.elementkit.platform.element;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where an element lives: the app it belongs to and its name. Paths in a configuration (a SQLite file, a trust
 * store) are resolved against {@link #appRoot()}.
 *
 * @param appId    the app's id from {@code app.json}; cache keys are stored under {@code {appId}:}
 * @param appRoot  the app folder
 * @param fullName the element's fullName; for a test of unsaved values, the name it is going to have
 *
 * @since 1.0.0
 */
public record ElementContext(String appId, Path appRoot, String fullName) {

    public ElementContext {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(appRoot, "appRoot");
        Objects.requireNonNull(fullName, "fullName");
        appRoot = appRoot.toAbsolutePath().normalize();
    }

    /** Resolves a configured path: absolute paths are kept, relative ones are taken from the app root. */
    public Path resolve(String configuredPath) {
        Path path = Path.of(configuredPath);
        return (path.isAbsolute() ? path : appRoot.resolve(path)).normalize();
    }

    /** The app's runtime data folder ({@code appData/}). */
    public Path appDataDir() {
        return appRoot.resolve("appData");
    }
}
