package dev.elementkit.devportal.runtime;

import com.fasterxml.jackson.databind.type.TypeFactory;
import java.lang.ref.Reference;
import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets go of what an unloaded plugin leaves in the JVM's shared places, so that its class loader (and with it its
 * classes, metaspace and Netty's pooled direct memory) can be collected. Found with heap dumps of the leak test:
 * <ul>
 *   <li>Thread-local values on threads the plugin does not own: a Redis call on the caller's thread leaves Netty's
 *       {@code InternalThreadLocalMap} there, which holds its class, whose loader holds the thread local itself, so
 *       the entry is never expunged. The values of the plugin's classes are cleared; this needs
 *       {@code --add-opens java.base/java.lang=ALL-UNNAMED} (the {@code devportal} launcher and the build pass it),
 *       and without it the host says so once.</li>
 *   <li>Threads that merely inherited the plugin's loader as context class loader, such as the JDK's
 *       {@code process reaper} after a plugin ran a process: their context class loader is set back to the
 *       host's. A thread of the plugin's own classes still running is reported: that is the plugin's bug.</li>
 *   <li>Jackson's shared {@link TypeFactory} cache, which every {@code new ObjectMapper()} (the plugins' too)
 *       fills with the classes it has seen.</li>
 * </ul>
 */
final class PluginLeftovers {

    private static final Logger LOG = LoggerFactory.getLogger(PluginLeftovers.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    private PluginLeftovers() {
    }

    /** Releases what the JVM's shared places hold of {@code loader}; {@code pluginId} names it in messages. */
    static void release(ClassLoader loader, String pluginId) {
        ClassLoader host = PluginLeftovers.class.getClassLoader();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getClass().getClassLoader() == loader) {
                // Often one that ends by itself within a second (Netty's global executor); a report, not an alarm.
                LOG.info("plugin {} left its thread '{}' running after stop(): its classes stay in memory until it"
                        + " ends", pluginId, thread.getName());
            }
            if (thread.getContextClassLoader() == loader) {
                thread.setContextClassLoader(host);
            }
            clearThreadLocals(thread, loader, pluginId);
        }
        TypeFactory.defaultInstance().clearCache();
    }

    private static void clearThreadLocals(Thread thread, ClassLoader loader, String pluginId) {
        try {
            for (String mapField : new String[] {"threadLocals", "inheritableThreadLocals"}) {
                Object map = field(Thread.class, mapField).get(thread);
                if (map == null) {
                    continue;
                }
                Object[] table = (Object[]) field(map.getClass(), "table").get(map);
                for (Object entry : table) {
                    if (entry == null) {
                        continue;
                    }
                    Field valueField = field(entry.getClass(), "value");
                    Object value = valueField.get(entry);
                    Object key = ((Reference<?>) entry).get();
                    if (belongsTo(value, loader) || belongsTo(key, loader)) {
                        // A plain reference write: the plugin's thread local is never read again once it is unloaded.
                        valueField.set(entry, null);
                        ((Reference<?>) entry).clear();
                    }
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (WARNED.compareAndSet(false, true)) {
                LOG.warn("cannot clear the thread-local values plugin {} left on other threads ({}): its classes may"
                        + " stay in memory; run the JVM with --add-opens java.base/java.lang=ALL-UNNAMED", pluginId,
                        e.getClass().getSimpleName());
            }
        }
    }

    private static boolean belongsTo(Object value, ClassLoader loader) {
        return value != null && (value.getClass().getClassLoader() == loader
                || value instanceof Class<?> type && type.getClassLoader() == loader);
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }
}
