package dev.elementkit.cache;

import dev.elementkit.cache.memory.InMemoryServer;
import dev.elementkit.cache.memory.ManualClock;
import dev.elementkit.cache.spi.CacheBackend;
import dev.elementkit.cache.tck.CacheContractTest;
import dev.elementkit.cache.spi.SharedResources;
import java.time.Duration;

/**
 * The whole cache contract against the in-memory reference backend, in this module: a change to the contract, the
 * glob matcher, the codec or {@link PrefixedCache} is checked in seconds, before any plugin is built. Time on the
 * backend is a {@link ManualClock} that the contract's pauses advance.
 */
class InMemoryContractTest extends CacheContractTest {

    private final ManualClock clock = new ManualClock();
    private final InMemoryServer server = new InMemoryServer(clock);
    private final SharedResources<String, CacheBackend> connections = new SharedResources<>();

    @Override
    protected Cache newCache(String appId) throws Exception {
        CacheElements.BackendOpener opener = () -> connections.acquire("server", key -> server.connect());
        PrefixedCache cache = new PrefixedCache("caches.InMemory", appId, opener);
        cache.connectNow();
        return cache;
    }

    @Override
    protected OutsideKeys outsideKeys() {
        CacheBackend direct = server.connect();
        return new OutsideKeys() {
            @Override
            public void set(String key, String value) {
                direct.set(key, value, null);
            }

            @Override
            public String get(String key) {
                return direct.get(key);
            }

            @Override
            public void delete(String key) {
                direct.delete(key);
            }
        };
    }

    @Override
    protected void pause(Duration time) {
        clock.advance(time);
    }

    @Override
    protected void afterEachContract() {
        connections.close();
    }
}
