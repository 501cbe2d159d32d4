package dev.elementkit.platform.element;

import dev.elementkit.platform.connection.ConnectionTestResult;
import java.time.Duration;
import org.pf4j.ExtensionPoint;

/**
 * An element Type, contributed by a plugin as a PF4J extension: what the portal offers under its category, the
 * configuration it takes, how to create an instance and how to test a configuration.
 *
 * <p>Implementations are stateless: PF4J may create more than one object of an extension class. State shared by
 * instances (connections) belongs to the plugin, e.g. in a {@link dev.elementkit.platform.shared.SharedResources}
 * that the plugin closes in {@code stop()}.
 *
 * <p><b>Validate vs. test.</b> The host binds and validates the configuration (fast, local, no I/O, errors per
 * field) before it calls {@link #create} or {@link #testConnection}; both therefore receive a valid configuration.
 *
 * @param <C> the configuration record, annotated with Jakarta Validation constraints
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
}
