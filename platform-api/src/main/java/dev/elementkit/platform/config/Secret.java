package dev.elementkit.platform.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * A configuration value that must never be shown: a password, a token. Its {@code toString()} and its JSON form
 * are a mask, so a record holding one can be logged or serialized without leaking it; only {@link #reveal()} gives
 * the value, to the code that hands it to a client library. The schema marks such fields {@code "secret": true}
 * and the portal renders them as password inputs.
 *
 * @since 1.0.0
 */
public final class Secret {

    /** What every secret shows instead of its value. */
    public static final String MASK = "******";

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** Wraps a value (from JSON or code). */
    @JsonCreator
    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The value itself, for the client library that needs it. Never log it. */
    public String reveal() {
        return value;
    }

    /** True when no value was given. */
    public boolean isEmpty() {
        return value.isEmpty();
    }

    @JsonValue
    @Override
    public String toString() {
        return MASK;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }
}
