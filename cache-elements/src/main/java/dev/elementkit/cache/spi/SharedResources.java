package dev.elementkit.cache.spi;

import dev.elementkit.platform.shared.Lease;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resources (connections, pools) shared by every element instance whose resolved configuration is equal: the key
 * is typically the configuration record itself. A plugin keeps one of these and closes it in its {@code stop()},
 * which closes whatever is still open.
 *
 * <p>Thread-safe. Opening a resource happens outside the registry's lock, so a slow connect to one backend does
 * not hold up instances of another.
 *
 * @param <K> the sharing key; equal keys share one resource
 * @param <R> the resource
 *
 * <p>For connections only: a resource is closed with its last lease, so data kept in one (an in-process store)
 * would be lost when the last element using it {@code disconnect()}s. Moved here from platform-api in 1.1.0; the old
 * name {@code dev.elementkit.platform.shared.SharedResources} forwards here for plugins built against 1.0.0.
 *
 * @since 1.1.0
 */
public final class SharedResources<K, R extends AutoCloseable> implements AutoCloseable {

    /** Opens the resource for a key. */
    @FunctionalInterface
    public interface Opener<K, R> {
        R open(K key) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(SharedResources.class);

    private final Map<K, Entry<R>> entries = new HashMap<>();
    private boolean closed;

    /**
     * A lease on the resource for {@code key}, opening it with {@code opener} if no lease holds it.
     *
     * @throws Exception what the opener threw; nothing is kept in that case
     */
    public Lease<R> acquire(K key, Opener<? super K, ? extends R> opener) throws Exception {
        Entry<R> entry;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("the plugin holding these connections has stopped");
            }
            entry = entries.computeIfAbsent(key, k -> new Entry<>());
            entry.leases++;
        }
        try {
            synchronized (entry) {
                if (entry.resource == null) {
                    entry.resource = opener.open(key);
                }
            }
        } catch (Exception | Error e) {
            release(key, entry);
            throw e;
        }
        boolean stoppedMeanwhile;
        synchronized (this) {
            stoppedMeanwhile = closed;
        }
        if (stoppedMeanwhile) {
            // close() ran while this was opening: what was opened must not outlive the registry (its threads
            // would keep the stopped plugin's classes alive).
            release(key, entry);
            entry.closeResource();
            throw new IllegalStateException("the plugin holding these connections stopped while connecting");
        }
        return new CountedLease(key, entry);
    }

    /** How many distinct resources are open. */
    public synchronized int size() {
        return entries.size();
    }

    /** Closes every resource, leased or not; later acquisitions fail. */
    @Override
    public void close() {
        List<Entry<R>> open;
        synchronized (this) {
            closed = true;
            open = new ArrayList<>(entries.values());
            entries.clear();
        }
        open.forEach(Entry::closeResource);
    }

    private void release(K key, Entry<R> entry) {
        boolean last;
        synchronized (this) {
            last = --entry.leases == 0 && entries.get(key) == entry;
            if (last) {
                entries.remove(key);
            }
        }
        if (last) {
            entry.closeResource();
        }
    }

    private static final class Entry<R extends AutoCloseable> {
        int leases;
        R resource;

        synchronized void closeResource() {
            if (resource != null) {
                try {
                    resource.close();
                } catch (Exception e) {
                    LOG.warn("closing a shared {} failed: {}", resource.getClass().getSimpleName(), e.toString());
                }
                resource = null;
            }
        }
    }

    private final class CountedLease implements Lease<R> {
        private final K key;
        private final Entry<R> entry;
        private final AtomicBoolean released = new AtomicBoolean();

        CountedLease(K key, Entry<R> entry) {
            this.key = key;
            this.entry = entry;
        }

        @Override
        public R get() {
            R resource = entry.resource;
            if (released.get() || resource == null) {
                throw new IllegalStateException("this connection lease was closed");
            }
            return resource;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                release(key, entry);
            }
        }
    }
}
