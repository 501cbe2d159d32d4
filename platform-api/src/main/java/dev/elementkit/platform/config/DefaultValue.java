package dev.elementkit.platform.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The value a field takes when the configuration leaves it out or sets it to null, as JSON ({@code "1"},
 * {@code "0.5"}, {@code "true"}, {@code "\"standalone\""}); text that is not JSON is taken as a string. The one
 * place a default is written: binding applies it and the schema shows it.
 *
 * @since 1.0.0
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface DefaultValue {
    String value();
}
