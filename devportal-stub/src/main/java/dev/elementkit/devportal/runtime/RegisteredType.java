package dev.elementkit.devportal.runtime;

import dev.elementkit.platform.element.ElementType;

/**
 * An element Type in the host's registry: the one extension object the host keeps for it (PF4J's extension
 * factory makes a new object per lookup), the plugin that gives it and that plugin's class loader, which is the
 * thread context class loader around every call into the Type.
 */
record RegisteredType(ElementType<?> type, String pluginId, ClassLoader loader, TypeInfo info) {

    String fullName() {
        return info.fullName();
    }

    /** Runs {@code action} with the plugin's loader as the thread context class loader. */
    <T, E extends Exception> T call(HostSupport.PluginCall<T, E> action) throws E {
        return HostSupport.withLoader(loader, action);
    }
}
