package dev.elementkit.platform.connection;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of a connection test: not just ok/fail, but where and why.
 *
 * @param success   true when every step succeeded (warnings allowed)
 * @param code      {@link TestCode#OK} on success, otherwise the reason
 * @param message   one sentence a person can act on, never holding a secret
 * @param latencyMs total time
 * @param steps     ordered steps
 * @param details   facts learned on the way: server version, mode, role, file path, journal mode…
 *
 * @since 1.0.0
 */
public record ConnectionTestResult(boolean success, TestCode code, String message, long latencyMs,
                                   List<TestStep> steps, Map<String, Object> details) {

    public ConnectionTestResult {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        steps = List.copyOf(steps);
        details = Map.copyOf(details);
        if (success != (code == TestCode.OK)) {
            throw new IllegalArgumentException("success must go with code OK, failure with any other code");
        }
    }

    /** A failure before any step ran, e.g. an invalid configuration or a type that is missing. */
    public static ConnectionTestResult failedBeforeStart(TestCode code, String message) {
        return new ConnectionTestResult(false, code, message, 0, List.of(), Map.of());
    }
}
