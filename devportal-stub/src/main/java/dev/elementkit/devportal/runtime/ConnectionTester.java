package dev.elementkit.devportal.runtime;

import dev.elementkit.platform.connection.ConnectionTestResult;
import dev.elementkit.platform.connection.TestCode;
import dev.elementkit.platform.element.ElementContext;
import dev.elementkit.platform.element.ElementType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a Type's test-connection on a thread of its own, so that a plugin that overruns its timeout cannot hold the
 * caller: after the timeout (and a short grace for the plugin's own, more precise TIMEOUT result) the caller gets a
 * {@link TestCode#TIMEOUT} result and the test thread is interrupted. Never throws. Owns its threads (daemons) and
 * stops them on {@link #close}.
 */
final class ConnectionTester implements AutoCloseable {

    /** Time a plugin gets beyond the timeout to return its own result. */
    static final Duration GRACE = Duration.ofMillis(250);

    private final ExecutorService executor = Executors.newCachedThreadPool(new java.util.concurrent.ThreadFactory() {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "element-test-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    });

    ConnectionTestResult test(RegisteredType type, ElementContext context, Record config, Duration timeout) {
        long start = System.nanoTime();
        Future<ConnectionTestResult> future;
        try {
            future = executor.submit(() -> type.call(() -> run(type.type(), context, config, timeout)));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return ConnectionTestResult.failedBeforeStart(TestCode.INTERNAL_ERROR, "the host is shutting down");
        }
        try {
            ConnectionTestResult result = future.get(timeout.plus(GRACE).toNanos(), TimeUnit.NANOSECONDS);
            return result != null ? result : ConnectionTestResult.failedBeforeStart(TestCode.INTERNAL_ERROR,
                    "the plugin " + type.pluginId() + " returned no test result");
        } catch (TimeoutException e) {
            future.cancel(true);
            return new ConnectionTestResult(false, TestCode.TIMEOUT, "no result within " + timeout.toMillis()
                    + " ms: the test was stopped; check that the backend is reachable and answering, or allow more"
                    + " time", millisSince(start), List.of(), Map.of());
        } catch (ExecutionException e) {
            return new ConnectionTestResult(false, TestCode.INTERNAL_ERROR, "the test of type " + type.fullName()
                    + " (plugin " + type.pluginId() + ") failed unexpectedly: " + HostSupport.describe(e.getCause()),
                    millisSince(start), List.of(), Map.of());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return ConnectionTestResult.failedBeforeStart(TestCode.INTERNAL_ERROR, "the test was interrupted");
        }
    }

    @SuppressWarnings("unchecked")
    private static ConnectionTestResult run(ElementType<?> type, ElementContext context, Record config, Duration timeout) {
        return ((ElementType<Record>) type).testConnection(context, config, timeout);
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
