package dev.elementkit.platform.app;

/**
 * The element exists but is not of the kind the caller asked for.
 *
 * @since 1.0.0
 */
public class WrongElementTypeException extends ElementException {

    public WrongElementTypeException(String fullName, String elementType, Class<?> actual, Class<?> expected) {
        super(fullName, "element '" + fullName + "' is a " + elementType + " (" + actual.getSimpleName()
                + "), not a " + expected.getSimpleName(), null);
    }
}
