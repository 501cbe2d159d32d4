package dev.elementkit.memcached;

/**
 * Names of what the ITs load from the built JAR. Plain text on purpose: the ITs run without this module's classes
 * on their class path (see the failsafe set-up in the pom), so they must not touch the plugin's classes directly.
 */
final class PluginUnderTest {

    static final String ID = "element-memcached";
    static final String TYPE = "caches.MemcachedType";
    static final String TYPE_CLASS = "dev.elementkit.memcached.MemcachedCacheType";
    static final String PLUGIN_CLASS = "dev.elementkit.memcached.MemcachedPlugin";

    private PluginUnderTest() {
    }
}
