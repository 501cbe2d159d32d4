/**
 * What a configuration record is annotated with (labels, help, defaults, conditional fields, cross-field rules),
 * {@link dev.elementkit.platform.config.Secret} (a value class that masks itself) and the field-keyed validation
 * error. Binding a map to a record and generating its JSON Schema are the host's: config-binding, never on a plugin's
 * class path.
 */
package dev.elementkit.platform.config;
