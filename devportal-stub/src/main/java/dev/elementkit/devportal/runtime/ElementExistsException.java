package dev.elementkit.devportal.runtime;

/** An element of that fullName exists already. */
public class ElementExistsException extends RuntimeException {

    private final String fullName;

    public ElementExistsException(String fullName) {
        super("element '" + fullName + "' exists already: pick another name, or edit it");
        this.fullName = fullName;
    }

    public String fullName() {
        return fullName;
    }
}
