package dev.elementkit.cache.spi;

import dev.elementkit.platform.connection.ConnectionTestResult;
import dev.elementkit.platform.connection.StepOutcome;
import dev.elementkit.platform.connection.TestCode;
import dev.elementkit.platform.connection.TestStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Records a connection test step by step, so that a plugin writes only what each step does:
 * <pre>{@code
 * ConnectionTest test = ConnectionTest.start(timeout, this::classify, "resolve", "connect", "PING");
 * try {
 *     InetAddress address = test.step("resolve", () -> InetAddress.getByName(host),
 *             a -> "resolved to " + a.getHostAddress());
 *     ...
 *     return test.succeeded("Connected to " + host);
 * } catch (ConnectionTest.StepFailedException e) {
 *     return test.failed();
 * }
 * }</pre>
 * A failing step is classified (code and explanation) by the plugin's classifier; the steps planned after it are
 * reported as {@link StepOutcome#SKIPPED}. Not thread-safe: one test, one thread.
 *
 * <p>Moved here from platform-api in 1.1.0, which keeps only interfaces, records and annotations; the old name
 * {@code dev.elementkit.platform.connection.ConnectionTest} forwards here for plugins built against 1.0.0.
 *
 * @since 1.1.0
 */
public final class ConnectionTest {

    /** The work of one step. */
    @FunctionalInterface
    public interface StepAction<T> {
        T run() throws Exception;
    }

    /** What a failure means to a person: a code and an explanation without secrets. */
    public record Failure(TestCode code, String explanation) {
        public Failure {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(explanation, "explanation");
        }
    }

    /** Thrown by {@link #step} when a step failed; the failure is already recorded. */
    public static final class StepFailedException extends Exception {
        private StepFailedException(String message) {
            super(message, null, false, false);
        }
    }

    private final long startNanos = System.nanoTime();
    private final long deadlineNanos;
    private final Function<Throwable, Failure> classifier;
    private final List<String> planned;
    private final List<TestStep> steps = new ArrayList<>();
    private final Map<String, Object> details = new LinkedHashMap<>();
    private Failure failure;

    private ConnectionTest(Duration timeout, Function<Throwable, Failure> classifier, List<String> planned) {
        this.deadlineNanos = startNanos + timeout.toNanos();
        this.classifier = classifier;
        this.planned = planned;
    }

    /**
     * Starts a test.
     *
     * @param timeout      the whole test's time limit; {@link #remaining()} says what is left of it
     * @param classifier   turns an exception of a step into a code and an explanation
     * @param plannedSteps the step names in order, so that skipped ones can be reported
     */
    public static ConnectionTest start(Duration timeout, Function<Throwable, Failure> classifier,
                                       String... plannedSteps) {
        return new ConnectionTest(timeout, classifier, List.of(plannedSteps));
    }

    /** Time left before the test's deadline; never negative. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }

    /**
     * Runs one step. On success, records it with the explanation {@code describe} gives for the result; on an
     * exception, records the classified failure and throws {@link StepFailedException}.
     */
    public <T> T step(String name, StepAction<T> action, Function<? super T, String> describe)
            throws StepFailedException {
        long start = System.nanoTime();
        if (remaining().isZero()) {
            return fail(name, new Failure(TestCode.TIMEOUT, "the test ran out of time before this step"), start);
        }
        T result;
        try {
            result = action.run();
        } catch (Exception | LinkageError e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Failure classified = classifier.apply(e);
            return fail(name, classified == null ? new Failure(TestCode.INTERNAL_ERROR, String.valueOf(e)) : classified,
                    start);
        }
        steps.add(new TestStep(name, StepOutcome.SUCCESSFUL, describe.apply(result), millisSince(start)));
        return result;
    }

    /** Records a step that did not apply here (no password to authenticate with, say), and why. */
    public void skip(String name, String explanation) {
        steps.add(new TestStep(name, StepOutcome.SKIPPED, explanation, 0));
    }

    /** Records a step that worked but deserves attention. */
    public void warn(String name, String explanation) {
        steps.add(new TestStep(name, StepOutcome.WARNING, explanation, 0));
    }

    /** Fails the test at step {@code name} without an exception (e.g. the server answered in the wrong mode). */
    public <T> T fail(String name, TestCode code, String explanation) throws StepFailedException {
        return fail(name, new Failure(code, explanation), System.nanoTime());
    }

    /** Adds a fact to the result's details (server version, file path…). Never a secret. */
    public ConnectionTest detail(String key, Object value) {
        if (value != null) {
            details.put(key, value);
        }
        return this;
    }

    /** The successful result. */
    public ConnectionTestResult succeeded(String message) {
        return new ConnectionTestResult(true, TestCode.OK, message, millisSince(startNanos), steps, details);
    }

    /** The failed result, after a {@link StepFailedException}: the failed step's code and explanation. */
    public ConnectionTestResult failed() {
        Failure f = failure == null ? new Failure(TestCode.INTERNAL_ERROR, "the test failed") : failure;
        for (String name : planned) {
            if (steps.stream().noneMatch(s -> s.name().equals(name))) {
                steps.add(new TestStep(name, StepOutcome.SKIPPED, "not tried: an earlier step failed", 0));
            }
        }
        return new ConnectionTestResult(false, f.code(), f.explanation(), millisSince(startNanos), steps, details);
    }

    private <T> T fail(String name, Failure f, long start) throws StepFailedException {
        failure = f;
        steps.add(new TestStep(name, StepOutcome.FAILED, f.explanation(), millisSince(start)));
        throw new StepFailedException(name + ": " + f.explanation());
    }

    private static long millisSince(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
    }
}
