package dev.elementkit.platform.app;

import dev.elementkit.platform.element.Element;
import java.nio.file.Path;
import java.util.List;

/**
 * An opened application: its id, its folder and its elements. Scripts start here:
 * <pre>{@code
 * Cache cache = app.getElement("caches.MyRedis");
 * cache.set("user:1001:name", "John", 3600);
 * }</pre>
 *
 * <p>Thread-safe. Elements are created on first use and shared by every caller; the app owns and closes them.
 *
 * @since 1.0.0
 */
public interface App extends AutoCloseable {

    /** The app's id from {@code app.json}, e.g. {@code wanyun.MyApp}. */
    String appId();

    /** The app folder. */
    Path root();

    /**
     * The element called {@code fullName}, created on first use. The result type is inferred from the
     * assignment ({@code Cache cache = app.getElement(...)}); use {@link #getElement(String, Class)} for a checked
     * lookup.
     *
     * @throws ElementNotFoundException when the app has no such element
     * @throws BrokenElementException   when the element's files, type or configuration are at fault
     * @throws ClassCastException       when the assignment's type does not match; prefer the checked variant
     */
    <T extends Element> T getElement(String fullName);

    /**
     * The element called {@code fullName}, checked to implement {@code type}.
     *
     * @throws ElementNotFoundException   when the app has no such element
     * @throws WrongElementTypeException  when the element exists but is not a {@code type}
     * @throws BrokenElementException     when the element's files, type or configuration are at fault
     */
    <T extends Element> T getElement(String fullName, Class<T> type);

    /** The default element of a kind named in {@code app.json} ({@code settings.defaultElement.<kind>}). */
    <T extends Element> T getDefaultElement(String kind, Class<T> type);

    /** Every element of the app with its status, in fullName order. Creates nothing. */
    List<ElementInfo> elements();

    /** Closes every element the app created. */
    @Override
    void close();
}
