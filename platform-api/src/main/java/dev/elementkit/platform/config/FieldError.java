package dev.elementkit.platform.config;

import java.util.Objects;

/**
 * One problem with one configuration field.
 *
 * @param field   the field's JSON name ({@code socket_timeout}); empty for the document as a whole
 * @param message what is wrong, without the field's value (it may be a secret)
 *
 * @since 1.0.0
 */
public record FieldError(String field, String message) {

    public FieldError {
        field = field == null ? "" : field;
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return field.isEmpty() ? message : field + ": " + message;
    }
}
