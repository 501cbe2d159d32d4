package dev.elementkit.platform.config;

import java.util.List;

/**
 * Implemented by a configuration record whose rules span fields ("nodes is required in sentinel mode"). Called
 * after the per-field constraints passed; the errors name the JSON field a person has to change.
 *
 * @since 1.0.0
 */
public interface CrossFieldValidation {

    /** The problems found; empty when the fields fit together. */
    List<FieldError> crossFieldErrors();
}
