package dev.elementkit.memcached;

import org.pf4j.Plugin;

/**
 * The element-memcached plugin: contributes {@link MemcachedCacheType}. Stopping it closes every client its elements
 * opened, with their Netty threads, so that nothing of the plugin's class loader stays alive after an unload.
 */
public final class MemcachedPlugin extends Plugin {

    @Override
    public void start() {
        MemcachedBackends.start();
    }

    @Override
    public void stop() {
        MemcachedBackends.stop();
    }
}
