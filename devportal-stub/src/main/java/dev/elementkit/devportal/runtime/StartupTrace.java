package dev.elementkit.devportal.runtime;

import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * Marks on the start path, printed to stderr with the milliseconds since the JVM started and the process's CPU time
 * so far (all threads: the JIT compilers' and the GC's too) when the system property {@value #PROPERTY} is set
 * ({@code DEVPORTAL_JAVA_OPTS=-Delementkit.startup.trace ./devportal test caches.Default}). On a machine shared with
 * other work the CPU column is the steadier one. This is how the cold start was measured and cut; off, a mark costs
 * one field read.
 */
public final class StartupTrace {

    /** The system property that switches the marks on. */
    public static final String PROPERTY = "elementkit.startup.trace";

    private static final boolean ON = System.getProperty(PROPERTY) != null;
    // The JVM's own start, so that the marks include what happened before main (JVM boot, class-path scan).
    private static final long JVM_START_MILLIS = ON ? ManagementFactory.getRuntimeMXBean().getStartTime() : 0;

    private StartupTrace() {
    }

    /** Prints {@code what} with the time since the JVM started, when tracing is on. */
    public static void mark(String what) {
        if (ON) {
            long cpuMillis = ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(-1L);
            System.err.printf("[startup %5d ms, cpu %5d ms] %s%n", System.currentTimeMillis() - JVM_START_MILLIS,
                    cpuMillis, what);
        }
    }
}
