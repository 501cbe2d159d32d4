package dev.elementkit.platform.connection;

/**
 * How one step of a connection test ended.
 *
 * @since 1.0.0
 */
public enum StepOutcome {
    SUCCESSFUL,
    /** Worked, with something the user should know (e.g. "this server is not TongRDS"). */
    WARNING,
    FAILED,
    /** Not tried because an earlier step failed. */
    SKIPPED
}
