package dev.elementkit.platform.connection;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * The 1.0.0 name of {@link dev.elementkit.cache.spi.ConnectionTest}, kept so that plugins built against 1.0.0 still
 * link: it lives in cache-elements' JAR now (platform-api keeps interfaces, records and annotations only) and
 * forwards every call. New code uses {@link dev.elementkit.cache.spi.ConnectionTest}.
 *
 * @since 1.0.0
 * @deprecated since 1.1.0, to be removed in 2.0.0: use {@link dev.elementkit.cache.spi.ConnectionTest}
 */
@Deprecated(since = "1.1.0", forRemoval = true)
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

    private final dev.elementkit.cache.spi.ConnectionTest test;

    private ConnectionTest(dev.elementkit.cache.spi.ConnectionTest test) {
        this.test = test;
    }

    /** See {@link dev.elementkit.cache.spi.ConnectionTest#start}. */
    public static ConnectionTest start(Duration timeout, Function<Throwable, Failure> classifier,
                                       String... plannedSteps) {
        return new ConnectionTest(dev.elementkit.cache.spi.ConnectionTest.start(timeout, failure -> {
            Failure classified = classifier.apply(failure);
            return classified == null ? null
                    : new dev.elementkit.cache.spi.ConnectionTest.Failure(classified.code(), classified.explanation());
        }, plannedSteps));
    }

    public Duration remaining() {
        return test.remaining();
    }

    public <T> T step(String name, StepAction<T> action, Function<? super T, String> describe)
            throws StepFailedException {
        try {
            return test.step(name, action::run, describe);
        } catch (dev.elementkit.cache.spi.ConnectionTest.StepFailedException e) {
            throw new StepFailedException(e.getMessage());
        }
    }

    public void skip(String name, String explanation) {
        test.skip(name, explanation);
    }

    public void warn(String name, String explanation) {
        test.warn(name, explanation);
    }

    public <T> T fail(String name, TestCode code, String explanation) throws StepFailedException {
        try {
            return test.fail(name, code, explanation);
        } catch (dev.elementkit.cache.spi.ConnectionTest.StepFailedException e) {
            throw new StepFailedException(e.getMessage());
        }
    }

    public ConnectionTest detail(String key, Object value) {
        test.detail(key, value);
        return this;
    }

    public ConnectionTestResult succeeded(String message) {
        return test.succeeded(message);
    }

    public ConnectionTestResult failed() {
        return test.failed();
    }
}
