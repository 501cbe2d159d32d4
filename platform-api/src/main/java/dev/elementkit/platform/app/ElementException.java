package dev.elementkit.platform.app;

/**
 * Base of the errors {@code getElement} raises; the message names the element and, where known, the file.
 *
 * @since 1.0.0
 */
public abstract class ElementException extends RuntimeException {

    private final String fullName;

    protected ElementException(String fullName, String message, Throwable cause) {
        super(message, cause);
        this.fullName = fullName;
    }

    /** The element at fault. */
    public String fullName() {
        return fullName;
    }
}
