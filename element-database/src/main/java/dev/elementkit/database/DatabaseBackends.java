package dev.elementkit.database;

import dev.elementkit.platform.shared.Lease;
import dev.elementkit.cache.spi.SharedResources;

/**
 * The open pools of this plugin, one {@link DatabaseBackend} per {@link DatabaseTarget}, shared by every element
 * configured alike. Static because PF4J may create the extension ({@link DatabaseCacheType}) several times while the
 * plugin is loaded once; the static lives in the plugin's class loader, so an unloaded and reloaded plugin starts
 * with a fresh one. {@link DatabasePlugin#stop()} closes it.
 */
final class DatabaseBackends {

    private static SharedResources<DatabaseTarget, DatabaseBackend> open = new SharedResources<>();
    private static boolean closed;

    private DatabaseBackends() {
    }

    /** A lease on the backend of {@code target}, opening it if no element uses it yet; the caller closes the lease. */
    static Lease<DatabaseBackend> acquire(DatabaseTarget target) throws Exception {
        return current().acquire(target, DatabaseBackend::open);
    }

    /** Called when the plugin starts: after a stop, a start opens for business again. */
    static synchronized void start() {
        if (closed) {
            open = new SharedResources<>();
            closed = false;
        }
    }

    /** Closes every pool, leased or not, and stops the sweepers; acquisitions fail until {@link #start()}. */
    static void stop() {
        SharedResources<DatabaseTarget, DatabaseBackend> stopping;
        synchronized (DatabaseBackends.class) {
            stopping = open;
            closed = true;
        }
        stopping.close();
    }

    private static synchronized SharedResources<DatabaseTarget, DatabaseBackend> current() {
        return open;
    }
}
