package dev.elementkit.platform.element;

import dev.elementkit.platform.connection.ConnectionTestResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.pf4j.ExtensionPoint;

/**
 * An element Type, contributed by a plugin as a PF4J extension: what the portal offers under its category, the
 * configuration it takes, how to create an instance and how to test a configuration.
 *
 * <p><b>Lifecycle rules for an author.</b>
 * <ul>
 *   <li>The Type is stateless: PF4J may create more than one object of an extension class. What instances share
 *       belongs to the plugin (a static field of the plugin's classes, released in {@code Plugin.stop()}).</li>
 *   <li>The host owns every instance {@link #create} returns: it gives the same object to every caller of the app,
 *       and hands it back to {@link #closeInstance} when the app closes, the element is edited or deleted, or the
 *       plugin stops. Callers never close an instance ({@link Element} has no {@code close()}).</li>
 *   <li>Data survives an instance: closing or {@code disconnect()}ing it must not lose what it stored, and two
 *       instances for the same configuration see the same data (a later instance of the app reads what an earlier
 *       one wrote).</li>
 *   <li>{@code dev.elementkit.cache.spi.SharedResources} is for connections (pools, clients) that are
 *       expensive to open and must be closed once unused. It closes a resource with its last lease, so an
 *       in-process store kept there would be lost on {@code disconnect()}: keep such a store in the plugin instead
 *       (for caches, {@code CacheElements.newCache(context, backend)}).</li>
 * </ul>
 *
 * <p><b>Validate vs. test.</b> The host binds and validates the configuration (fast, local, no I/O, errors per
 * field) before it calls {@link #create} or {@link #testConnection}; both therefore receive a valid configuration.
 *
 * @param <C> the configuration record, annotated with Jakarta Validation constraints
 *
 * @since 1.0.0
 */
public interface ElementType<C extends Record> extends ExtensionPoint {

    /** Names, family and presentation of this type. */
    TypeDescriptor descriptor();

    /** The record the element's {@code <Name>.json} binds to. */
    Class<C> configClass();

    /** The interface every instance implements (e.g. {@code Cache}); {@code getElement(name, type)} checks it. */
    Class<? extends Element> instanceInterface();

    /**
     * Creates a ready instance. The caller (the host) owns the result and closes it.
     *
     * @throws Exception when the backend cannot be prepared; the host reports the element as broken
     */
    Element create(ElementContext context, C config) throws Exception;

    /**
     * Tries the configuration against the real backend and says step by step what happened. Must return within
     * {@code timeout}, must not throw (failures are results), and must release everything it opened.
     */
    ConnectionTestResult testConnection(ElementContext context, C config, Duration timeout);

    /**
     * Releases an instance {@link #create} returned, once the host is done with it (the app closes, the element is
     * edited or deleted, the plugin stops): connections go back, data stays. Called by the host only, once per
     * instance. The default closes the instance when its class implements {@link AutoCloseable}, which is where an
     * instance holding something keeps its {@code close()}: on the implementation, never on the interface callers
     * see.
     *
     * @throws Exception when releasing failed; the host logs it and goes on
     * @since 1.1.0
     */
    default void closeInstance(Element instance) throws Exception {
        if (instance instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /**
     * The files an element of this configuration keeps its data in (a SQLite database with its journal files), so
     * that the host can say what deleting the element leaves behind and, when the user asks, delete them with it.
     * Data held by a server (Redis, a database) is not listed: it belongs to that server. The host deletes only
     * files inside the app's {@link ElementContext#appDataDir() appData} folder, after closing the element, and
     * never files another element of the app lists too. No I/O: a file need not exist.
     *
     * @since 1.1.0
     */
    default List<Path> dataFiles(ElementContext context, C config) {
        return List.of();
    }
}
