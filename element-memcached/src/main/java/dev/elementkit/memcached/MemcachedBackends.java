package dev.elementkit.memcached;

import dev.elementkit.platform.shared.Lease;
import dev.elementkit.cache.spi.SharedResources;

/**
 * The open clients of this plugin, one {@link MemcachedBackend} per {@link MemcachedTarget}, shared by every element
 * configured alike. Static because PF4J may create the extension ({@link MemcachedCacheType}) several times while
 * the plugin is loaded once; the static lives in the plugin's class loader, so an unloaded and reloaded plugin starts
 * with a fresh one. {@link MemcachedPlugin#stop()} closes it.
 */
final class MemcachedBackends {

    private static SharedResources<MemcachedTarget, MemcachedBackend> open = new SharedResources<>();
    private static boolean closed;

    private MemcachedBackends() {
    }

    /** A lease on the backend of {@code target}, opening it if no element uses it yet; the caller closes the lease. */
    static Lease<MemcachedBackend> acquire(MemcachedTarget target) throws Exception {
        return current().acquire(target, MemcachedBackend::open);
    }

    /** Called when the plugin starts: after a stop, a start opens for business again. */
    static synchronized void start() {
        if (closed) {
            open = new SharedResources<>();
            closed = false;
        }
    }

    /** Closes every client, leased or not, with its Netty threads; acquisitions fail until {@link #start()}. */
    static void stop() {
        SharedResources<MemcachedTarget, MemcachedBackend> stopping;
        synchronized (MemcachedBackends.class) {
            stopping = open;
            closed = true;
        }
        stopping.close();
    }

    private static synchronized SharedResources<MemcachedTarget, MemcachedBackend> current() {
        return open;
    }
}
