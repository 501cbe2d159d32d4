package dev.elementkit.platform.element;

/**
 * A ready element instance, as {@code app.getElement(fullName)} returns it.
 *
 * <p>The host owns every instance it hands out: it creates one on the first {@code getElement}, gives the same
 * object to every caller, and closes it when the app closes, when the element is edited or deleted, or when the
 * plugin giving its type stops. Callers never close it themselves.
 */
public interface Element extends AutoCloseable {

    /** The element's fullName, e.g. {@code caches.MyRedis}. */
    String fullName();

    /** Releases what the instance holds. Called by the host only; calling it twice is harmless. */
    @Override
    void close();
}
