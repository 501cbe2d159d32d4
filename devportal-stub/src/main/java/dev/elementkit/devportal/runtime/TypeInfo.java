package dev.elementkit.devportal.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.elementkit.platform.element.TypeDescriptor;
import java.util.Set;

/**
 * An element Type as the host offers it.
 *
 * @param descriptor   names, family, title, category, icon
 * @param pluginId     the plugin that gives it
 * @param schema       JSON Schema of its configuration (a copy the caller may change)
 * @param secretFields JSON names of the fields that hold secrets
 */
public record TypeInfo(TypeDescriptor descriptor, String pluginId, ObjectNode schema, Set<String> secretFields) {

    public TypeInfo {
        secretFields = Set.copyOf(secretFields);
    }

    /**
     * True for {@code caches.BuiltinsType}, the app's default cache, which the host runs itself on the Type of
     * {@link #pluginId} (SQLite here, Redis on a server) rather than a plugin giving it.
     */
    public boolean runByHost() {
        return BuiltinCache.TYPE.equals(fullName());
    }

    /** The Type's fullName, e.g. {@code caches.RedisType}. */
    public String fullName() {
        return descriptor.fullName();
    }
}
