package dev.elementkit.devportal.runtime;

import dev.elementkit.platform.app.App;
import dev.elementkit.platform.app.ElementInfo;
import dev.elementkit.platform.connection.ConnectionTestResult;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The host runtime: a PF4J plugin manager over a plugins folder, the registry of the element Types the plugins
 * give, and one opened app folder whose elements resolve through {@link #app()}. The CLI, the scripting console
 * and the web portal are clients of this interface; none of them touches PF4J or the app's files directly.
 *
 * <p>Thread-safe. The caller owns the host and closes it, which closes every element instance and stops every
 * plugin (shutting down their clients and threads).
 */
public interface Host extends AutoCloseable {

    /**
     * Loads and starts the plugins and reads the app folder. A plugin or element that is broken is recorded with
     * its reason ({@link #plugins()}, {@link #elements()}); the others go on.
     *
     * @throws IllegalArgumentException when the app folder or its {@code app.json} cannot be read, naming the file
     */
    static Host open(HostOptions options) {
        return DefaultHost.open(options);
    }

    /** The opened app: {@code app().getElement("caches.Default")}. */
    App app();

    /** Every element Type the started plugins give, in fullName order. */
    List<TypeInfo> types();

    /** The Type called {@code typeFullName}, if a started plugin gives it. */
    Optional<TypeInfo> type(String typeFullName);

    /** Every plugin found in the plugins folder, started or not, with why it failed. */
    List<PluginInfo> plugins();

    /**
     * Copies a plugin JAR into the plugins folder, loads and starts it. A JAR with the id of a loaded plugin
     * replaces it (its element instances are closed first).
     *
     * @throws PluginInstallException naming the JAR and the reason (no descriptor, requires another platform
     *                                version, missing dependency, start() failed); nothing is left behind
     */
    PluginInfo installPlugin(Path jar);

    /**
     * Stops a plugin after closing every element instance of its types, unloads it and deletes its JAR. Elements of
     * its types then report {@link dev.elementkit.platform.app.ElementStatus#TYPE_MISSING}.
     *
     * @return false when no plugin has that id
     */
    boolean removePlugin(String pluginId);

    /** The app's elements with their status, in fullName order (same as {@code app().elements()}). */
    List<ElementInfo> elements();

    /**
     * An element's definition as its files hold it: placeholders like {@code {{REDIS_PASSWORD}}} are kept, never
     * resolved, so that the result can be shown.
     *
     * @throws dev.elementkit.platform.app.ElementNotFoundException when there is no such element
     */
    ElementDefinition readElement(String fullName);

    /**
     * Writes a new element in the reference layout ({@code <path>/e.json}, {@code <path>/<Name>.json}). The
     * configuration is validated against the Type first. A value given for a secret field is written to the app's
     * {@code .env} under a generated variable name, and the configuration file gets {@code {{NAME}}} instead.
     *
     * @throws dev.elementkit.platform.config.InvalidConfigurationException with per-field errors; nothing written
     * @throws ElementExistsException when an element of that name exists
     */
    default ElementInfo createElement(ElementDraft draft) {
        return createElement(draft, List.of());
    }

    /**
     * As {@link #createElement(ElementDraft)}, writing {@code variables} with it as one operation: the variables and
     * the configuration (which may name them) are validated first, and when anything is refused nothing is written.
     *
     * @throws dev.elementkit.platform.config.InvalidConfigurationException per field, a variable's as
     *                                                                      {@code variables.<NAME>}
     */
    ElementInfo createElement(ElementDraft draft, List<VariableDraft> variables);

    /**
     * Replaces an element's title and configuration, under the same rules as {@link #createElement}; the running
     * instance, if any, is closed and re-created on next use. A secret field left out of the draft keeps its
     * current value.
     */
    default ElementInfo updateElement(ElementDraft draft) {
        return updateElement(draft, List.of());
    }

    /** As {@link #updateElement(ElementDraft)}, writing {@code variables} with it, as {@link #createElement(ElementDraft, List)}. */
    ElementInfo updateElement(ElementDraft draft, List<VariableDraft> variables);

    /**
     * Closes the element's instance and deletes its folder; its data files (a SQLite database under
     * {@code appData/}) stay. False when there was no such element.
     */
    default boolean deleteElement(String fullName) {
        return deleteElement(fullName, false);
    }

    /**
     * As {@link #deleteElement(String)}; with {@code withData}, also the files {@link #dataFiles} names, and the
     * folders of {@code appData/} they leave empty.
     */
    boolean deleteElement(String fullName, boolean withData);

    /**
     * The files an element keeps its data in, as its Type names them, that deleting it with its data would remove:
     * existing files inside the app's {@code appData/} folder that no other element uses. Empty for an element
     * whose data lives on a server, and for one that cannot be resolved.
     */
    List<Path> dataFiles(String fullName);

    /** Tests a saved element's configuration (variables resolved) against its backend. Never throws. */
    ConnectionTestResult testElement(String fullName, Duration timeout);

    /**
     * Tests unsaved values against the backend of {@code typeFullName}; {@code draft.fullName()} may be a name the
     * element is going to have. Invalid values give code {@code INVALID_CONFIG}. Never throws.
     */
    ConnectionTestResult testDraft(ElementDraft draft, Duration timeout);

    /** The app's variables: {@code .env} of the app, the process environment over it. */
    Variables variables();

    /** Where the cache elements record their calls ({@link HostOptions#meterRegistry()}), when metrics are on. */
    Optional<MeterRegistry> meterRegistry();

    /** Registers a listener told about plugin and element changes (e.g. a JAR dropped into the plugins folder). */
    void addListener(HostListener listener);

    /** Closes every element instance, stops and unloads every plugin. Calling it twice is harmless. */
    @Override
    void close();
}
