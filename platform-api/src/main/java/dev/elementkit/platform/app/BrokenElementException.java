package dev.elementkit.platform.app;

/**
 * The element is declared but cannot be used: malformed JSON, a type no plugin gives, a missing variable, an
 * invalid configuration, or a backend that failed to start. The message names the file and field at fault.
 *
 * @since 1.0.0
 */
public class BrokenElementException extends ElementException {

    public BrokenElementException(String fullName, String message, Throwable cause) {
        super(fullName, "element '" + fullName + "' is broken: " + message, cause);
    }
}
