package dev.elementkit.platform.connection;

import java.util.Objects;

/**
 * One step of a connection test.
 *
 * @param name        short and stable, e.g. {@code resolve}, {@code connect}, {@code authenticate}, {@code PING}
 * @param outcome     how it ended
 * @param explanation what happened, in words a person can act on
 * @param latencyMs   how long it took
 *
 * @since 1.0.0
 */
public record TestStep(String name, StepOutcome outcome, String explanation, long latencyMs) {

    public TestStep {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(outcome, "outcome");
        explanation = explanation == null ? "" : explanation;
    }
}
