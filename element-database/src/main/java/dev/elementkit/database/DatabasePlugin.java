package dev.elementkit.database;

import org.pf4j.Plugin;

/**
 * The element-database plugin: contributes {@link DatabaseCacheType}. Stopping it closes every pool its elements
 * opened and stops their sweeper threads, so that nothing of the plugin's class loader stays alive after an unload.
 */
public final class DatabasePlugin extends Plugin {

    @Override
    public void start() {
        DatabaseBackends.start();
    }

    @Override
    public void stop() {
        DatabaseBackends.stop();
    }
}
