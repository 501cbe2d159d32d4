package dev.elementkit.database;

/**
 * Names of what the ITs load from the built JAR. Plain text on purpose: the ITs run without this module's classes
 * on their class path (see the failsafe set-up in the pom), so they must not touch the plugin's classes directly.
 */
final class PluginUnderTest {

    static final String ID = "element-database";
    static final String TYPE = "caches.DatabaseType";
    static final String TYPE_CLASS = "dev.elementkit.database.DatabaseCacheType";
    static final String PLUGIN_CLASS = "dev.elementkit.database.DatabasePlugin";

    private PluginUnderTest() {
    }
}
