package dev.elementkit.devportal.web;

import java.util.Objects;

/**
 * One entry of an error response's {@code errors} list.
 *
 * @param field   {@code fullName}, {@code type}, {@code title}, {@code config.<json name>} for a configuration field,
 *                {@code config} for the configuration as a whole, or empty for the request as a whole
 * @param message what is wrong and what to do; never a submitted value
 */
record FieldProblem(String field, String message) {

    FieldProblem {
        field = field == null ? "" : field;
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return field.isEmpty() ? message : field + ": " + message;
    }
}
