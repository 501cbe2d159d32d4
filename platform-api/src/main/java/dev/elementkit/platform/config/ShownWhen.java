package dev.elementkit.platform.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A configuration field that belongs to some values of another field only (e.g. {@code master_name} to
 * {@code mode: sentinel}). The schema says so with an {@code allOf} of {@code if}/{@code then} branches, and the
 * portal's form shows the field only while the deciding field holds one of the values. Binding is not changed:
 * what a field means in the other modes stays the record's own cross-field check.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface ShownWhen {

    /** The JSON name of the deciding field. */
    String field();

    /** Its values that show this field, each as JSON text ({@code "true"}, {@code "3"}); other text is a string. */
    String[] is();
}
