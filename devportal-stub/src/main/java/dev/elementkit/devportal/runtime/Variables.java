package dev.elementkit.devportal.runtime;

import java.util.List;
import java.util.Optional;

/**
 * The variables {@code {{NAME}}} placeholders resolve to: the process environment first, then the app's
 * {@code .env} (owner-only permissions, never committed). Values are secrets: nothing here puts one in a log or
 * an exception message.
 */
public interface Variables {

    /** The value of {@code name}, if the environment or {@code .env} has it. */
    Optional<String> get(String name);

    /** Names known from {@code .env} and the app's variable definitions, with whether each has a value. */
    List<VariableInfo> list();

    /**
     * Writes {@code name=value} into the app's {@code .env} (created owner-only), replacing an earlier value, and
     * records its definition (default value and remark, never the value) in the app's variable definitions.
     *
     * @throws IllegalArgumentException when {@code name} does not match {@code \w+}
     */
    void set(String name, String value, String defaultValue, String remark);

    /** Removes {@code name} from {@code .env} and the definitions; false when it was not there. */
    boolean remove(String name);

    /**
     * A variable as the portal shows it: never its value.
     *
     * @param name         e.g. {@code REDIS_PASSWORD}
     * @param defaultValue used when neither the environment nor {@code .env} has it; may be empty
     * @param remark       what the variable is for
     * @param isSet        true when the environment or {@code .env} gives a value
     * @param fromEnvironment true when the process environment gives it (it then wins over {@code .env})
     */
    record VariableInfo(String name, String defaultValue, String remark, boolean isSet, boolean fromEnvironment) {
    }
}
