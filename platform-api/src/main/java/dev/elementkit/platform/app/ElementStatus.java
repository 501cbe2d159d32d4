package dev.elementkit.platform.app;

/**
 * Where an element stands.
 *
 * @since 1.0.0
 */
public enum ElementStatus {
    /** Declared and valid as far as can be told without creating it; created on first use. */
    DEFINED,
    /** Created and in use. */
    READY,
    /**
     * Created, with a valid configuration, but its server cannot be reached now: calls fail as unavailable until it
     * answers, and the element recovers on its own. {@link ElementInfo#error()} says why.
     */
    UNAVAILABLE,
    /** No loaded plugin gives its type (yet): the element comes back once the plugin is loaded. */
    TYPE_MISSING,
    /** Its files or configuration are at fault, or creating it failed; {@link ElementInfo#error()} says why. */
    BROKEN
}
