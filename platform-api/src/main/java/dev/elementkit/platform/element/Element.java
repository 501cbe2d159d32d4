package dev.elementkit.platform.element;

import java.util.Optional;

/**
 * A ready element instance, as {@code app.getElement(fullName)} returns it.
 *
 * <p>The host owns every instance it hands out: it creates one on the first {@code getElement}, gives the same
 * object to every caller, and closes it when the app closes, when the element is edited or deleted, or when the
 * plugin giving its type stops, through {@link ElementType#closeInstance(Element)}. Callers cannot close it: since
 * 1.1.0 an element is not {@link AutoCloseable} and has no {@code close()}, so {@code try (Cache c =
 * app.getElement(...))} does not compile and no script can close an instance other callers share.
 *
 * @since 1.0.0
 */
public interface Element {

    /** The element's fullName, e.g. {@code caches.MyRedis}. */
    String fullName();

    /**
     * Why the instance cannot serve now although its configuration is valid (its server is unreachable), or empty
     * when it can as far as it knows. Does no I/O: it reports what the instance last found. Such an element is shown
     * as {@link dev.elementkit.platform.app.ElementStatus#UNAVAILABLE} and recovers on its own.
     *
     * @since 1.1.0
     */
    default Optional<String> unavailability() {
        return Optional.empty();
    }
}
