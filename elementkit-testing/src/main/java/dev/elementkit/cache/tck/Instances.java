package dev.elementkit.cache.tck;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.CacheType;
import dev.elementkit.platform.connection.ConnectionTestResult;
import dev.elementkit.platform.element.Element;
import dev.elementkit.platform.element.ElementContext;
import dev.elementkit.platform.element.TypeDescriptor;
import java.time.Duration;

/**
 * Closes element instances the way the host does, for tests that act as the host. Callers cannot close an element
 * ({@code Element} has no {@code close()}); the host hands each instance back to {@code CacheType.closeInstance},
 * whose default closes any cache {@code CacheElements} made. A test of a Type that overrides {@code closeInstance}
 * calls that Type's method instead.
 *
 * @since 1.1.0
 */
public final class Instances {

    /** Only its {@code closeInstance} is used: the default every cache Type inherits. */
    private static final CacheType<Record> ANY_CACHE_TYPE = new CacheType<>() {
        @Override
        public TypeDescriptor descriptor() {
            return CacheType.describe("caches.TestingType", "Testing", "", "closes caches in tests");
        }

        @Override
        public Class<Record> configClass() {
            return Record.class;
        }

        @Override
        public Cache create(ElementContext context, Record config) {
            throw new UnsupportedOperationException("only closes caches");
        }

        @Override
        public ConnectionTestResult testConnection(ElementContext context, Record config, Duration timeout) {
            throw new UnsupportedOperationException("only closes caches");
        }
    };

    private Instances() {
    }

    /**
     * Closes {@code instance} as the host would when the element goes; stored data stays.
     *
     * @throws IllegalStateException when closing failed with a checked exception (a test fails either way)
     */
    public static void close(Element instance) {
        try {
            ANY_CACHE_TYPE.closeInstance(instance);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("closing " + instance.fullName() + " failed: " + e.getMessage(), e);
        }
    }
}
