package dev.elementkit.memcached;

import com.spotify.folsom.reconnect.ReconnectingClient;
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

    /**
     * Also stops Folsom's one reconnect thread, a static of its own ({@code folsom-reconnecter}, started at the first
     * lost connection), which would otherwise keep this plugin's class loader alive after an unload. A plugin stopped
     * this way is meant to be unloaded: a new load gets a new static, and so a new thread.
     */
    @Override
    public void stop() {
        MemcachedBackends.stop();
        ReconnectingClient.singletonExecutor().shutdownNow();
    }
}
