package dev.elementkit.devportal.runtime;

/**
 * A variable to write together with an element (the portal's "use an environment variable" on a field), so that
 * the element and the variables it names are saved as one operation: both validated first, nothing written when
 * either is refused.
 *
 * @param name         e.g. {@code REDIS_PASSWORD}, as a {@code {{NAME}}} placeholder names it
 * @param value        the value for this app's {@code .env}; null keeps the current one
 * @param defaultValue used when neither the environment nor {@code .env} has a value; may be empty
 * @param remark       what the variable is for
 */
public record VariableDraft(String name, String value, String defaultValue, String remark) {

    public VariableDraft {
        defaultValue = defaultValue == null ? "" : defaultValue;
        remark = remark == null ? "" : remark;
    }
}
