package dev.elementkit.devportal.runtime;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls into plugin code (a plugin's constructor, {@code start()}, {@code stop()}, a Type's {@code create}) on a
 * thread of their own with a time limit, so that a plugin that blocks costs the caller at most the limit and never
 * holds a lock other requests wait for beyond it. A call that overruns is interrupted and left behind (Java cannot
 * do more to a thread that ignores interrupts); the caller reports it. Owns its daemon threads; {@link #close} stops
 * them.
 */
final class BoundedCalls implements AutoCloseable {

    /** A plugin call that did not return within the limit. The message says which call and how long it had. */
    static final class TimeLimitExceededException extends Exception {
        TimeLimitExceededException(String message) {
            super(message, null, false, false);
        }
    }

    private final Duration limit;
    private final ExecutorService executor;

    BoundedCalls(Duration limit) {
        this.limit = limit;
        AtomicInteger count = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "plugin-call-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    Duration limit() {
        return limit;
    }

    /**
     * Runs {@code action} with {@code loader} as context class loader, waiting at most the limit.
     *
     * @param what names the call for the message, e.g. {@code "plugin 'x' start()"}
     * @throws TimeLimitExceededException when it overran (it is interrupted)
     * @throws Exception                  what the action threw; an {@link Error} is rethrown as it is
     */
    <T> T call(ClassLoader loader, String what, HostSupport.PluginCall<T, ? extends Exception> action)
            throws Exception {
        return call(loader, what, action, late -> { });
    }

    /**
     * As {@link #call(ClassLoader, String, HostSupport.PluginCall)}; a result that arrives after the caller gave up
     * goes to {@code discardLate} (e.g. to close an element instance nobody will ever see).
     */
    <T> T call(ClassLoader loader, String what, HostSupport.PluginCall<T, ? extends Exception> action,
               java.util.function.Consumer<T> discardLate) throws Exception {
        // Whoever claims first decides: the call (its result goes to the caller) or the caller giving up (a result
        // that comes later is discarded), so a result is never both returned and discarded, nor lost.
        java.util.concurrent.atomic.AtomicBoolean claimed = new java.util.concurrent.atomic.AtomicBoolean();
        Future<T> future;
        try {
            future = executor.submit(() -> HostSupport.withLoader(loader, () -> {
                T result = action.call();
                if (!claimed.compareAndSet(false, true) && result != null) {
                    discardLate.accept(result);
                }
                return result;
            }));
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("the host is shutting down: " + what + " was not called");
        }
        try {
            return future.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (!claimed.compareAndSet(false, true)) {
                return future.get(); // it finished just now: its result is the caller's
            }
            future.cancel(true);
            throw new TimeLimitExceededException(what + " did not return within " + limit.toMillis()
                    + " ms (the host's plugin call limit): it was interrupted; fix the plugin so that it returns"
                    + " promptly, or raise the limit");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
