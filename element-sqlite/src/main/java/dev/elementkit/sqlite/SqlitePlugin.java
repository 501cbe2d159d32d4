package dev.elementkit.sqlite;

import org.pf4j.Plugin;

/**
 * The element-sqlite plugin: contributes {@link SqliteCacheType}. Stopping it closes every database file its
 * elements opened and stops their sweeper threads, so that nothing of the plugin's class loader stays alive after
 * an unload.
 */
public final class SqlitePlugin extends Plugin {

    @Override
    public void start() {
        SqliteBackends.start();
    }

    @Override
    public void stop() {
        SqliteBackends.stop();
    }
}
