package dev.elementkit.sqlite;

import dev.elementkit.platform.shared.Lease;
import dev.elementkit.cache.spi.SharedResources;

/**
 * The open databases of this plugin, one {@link SqliteBackend} per {@link SqliteFile}, shared by every element
 * configured alike. Static because PF4J may create the extension ({@link SqliteCacheType}) several times while the
 * plugin is loaded once; the static lives in the plugin's class loader, so an unloaded and reloaded plugin starts
 * with a fresh one. {@link SqlitePlugin#stop()} closes it.
 */
final class SqliteBackends {

    private static SharedResources<SqliteFile, SqliteBackend> open = new SharedResources<>();
    private static boolean closed;

    private SqliteBackends() {
    }

    /** A lease on the backend of {@code file}, opening it if no element uses it yet; the caller closes the lease. */
    static Lease<SqliteBackend> acquire(SqliteFile file) throws Exception {
        return current().acquire(file, SqliteBackend::open);
    }

    /** How many database files are open. */
    static int openCount() {
        return current().size();
    }

    /** Called when the plugin starts: after a stop, a start opens for business again. */
    static synchronized void start() {
        if (closed) {
            open = new SharedResources<>();
            closed = false;
        }
    }

    /** Closes every database, leased or not, and stops their sweepers; acquisitions fail until {@link #start()}. */
    static void stop() {
        SharedResources<SqliteFile, SqliteBackend> stopping;
        synchronized (SqliteBackends.class) {
            stopping = open;
            closed = true;
        }
        stopping.close();
    }

    private static synchronized SharedResources<SqliteFile, SqliteBackend> current() {
        return open;
    }
}
