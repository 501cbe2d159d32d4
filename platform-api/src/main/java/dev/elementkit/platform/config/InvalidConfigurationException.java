package dev.elementkit.platform.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration that cannot be used, with every problem found, per field. Never holds a field's value.
 *
 * @since 1.0.0
 */
public class InvalidConfigurationException extends RuntimeException {

    private final String source;
    private final List<FieldError> errors;

    /**
     * @param source where the configuration came from, e.g. {@code caches/MyRedis/MyRedis.json}
     * @param errors at least one
     */
    public InvalidConfigurationException(String source, List<FieldError> errors) {
        super("invalid configuration in " + source + ": "
                + errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
        this.source = source;
        this.errors = List.copyOf(errors);
    }

    /** Where the configuration came from. */
    public String source() {
        return source;
    }

    /** Every problem found. */
    public List<FieldError> errors() {
        return errors;
    }
}
