package dev.elementkit.devportal.runtime;

/**
 * Why an element cannot be used, before it becomes a {@link dev.elementkit.platform.app.BrokenElementException}
 * (for {@code getElement}) or an {@link dev.elementkit.platform.app.ElementInfo#error()} (for listings). The message
 * names the file and field at fault and never holds a variable's value.
 */
final class ElementProblem extends Exception {

    private final boolean typeMissing;

    private ElementProblem(String message, boolean typeMissing, Throwable cause) {
        super(message, cause, false, false);
        this.typeMissing = typeMissing;
    }

    static ElementProblem broken(String message, Throwable cause) {
        return new ElementProblem(message, false, cause);
    }

    static ElementProblem typeMissing(String message) {
        return new ElementProblem(message, true, null);
    }

    /** True when no loaded plugin gives the element's Type: the element comes back with the plugin. */
    boolean typeMissing() {
        return typeMissing;
    }
}
