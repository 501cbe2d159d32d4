package dev.elementkit.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.platform.element.ElementContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A cache whose backend cannot be reached when it is created: handed out unavailable, each call tries to open the
 * backend again and fails as "not applied", and bad arguments are still reported as bad arguments. (Recovery once
 * the backend answers is proven on real servers and files: FaultToleranceIT, SqliteHealingTest, HostRedisIT.)
 */
class UnreachableAtCreationTest {

    private final AtomicInteger attempts = new AtomicInteger();

    private Cache create() throws Exception {
        return CacheElements.newCache(new ElementContext("app", Path.of("."), "caches.Down"), () -> {
            attempts.incrementAndGet();
            throw CacheUnavailableException.notSent("cache unavailable: Redis at 127.0.0.1:1: Connection refused",
                    null);
        });
    }

    @Test
    void creationHandsOutAnUnavailableCacheWhoseCallsTryAgainAndFailAsNotApplied() throws Exception {
        Cache cache = create();
        assertEquals(1, attempts.get(), "creation tried once");
        assertEquals("cache unavailable: Redis at 127.0.0.1:1: Connection refused", cache.unavailability().orElse(""));
        CacheUnavailableException e = assertThrows(CacheUnavailableException.class, () -> cache.incr("n"));
        assertFalse(e.mayHaveBeenApplied());
        assertEquals(2, attempts.get(), "the call tried to open the backend again");
        assertFalse(cache.ping());
    }

    @Test
    void badArgumentsAreReportedAsSuchWhileTheBackendIsUnreachable() throws Exception {
        Cache cache = create();
        assertThrows(IllegalArgumentException.class, () -> cache.get(null));
        assertThrows(IllegalArgumentException.class, () -> cache.set("", "v"));
        assertThrows(IllegalArgumentException.class, () -> cache.set("k", "v", 0));
        assertThrows(IllegalArgumentException.class, () -> cache.setAll(Map.of("k", "v"), 0));
        assertTrue(cache.unavailability().isPresent());
    }

    @Test
    void aFailureThePluginCallsTransientLeavesTheCacheUnavailableAnyOtherFailsCreation() throws Exception {
        CacheElements.BackendOpener refusing = () -> {
            attempts.incrementAndGet();
            throw new IOException(attempts.get() == 1 ? "Connection refused" : "wrong password");
        };
        CacheElements.BackendOpener opener = CacheElements.unavailableWhen(
                e -> e.getMessage().contains("refused"), "Store at 127.0.0.1:1 cannot be reached now", refusing);
        Cache cache = CacheElements.newCache(new ElementContext("app", Path.of("."), "caches.Down"), opener);
        assertEquals("Store at 127.0.0.1:1 cannot be reached now: Connection refused; the next call tries again",
                cache.unavailability().orElse(""));
        IOException wrong = assertThrows(IOException.class, () -> opener.open());
        assertEquals("wrong password", wrong.getMessage(), "not transient: thrown as it was, so creation fails");
    }

    @Test
    void aClosedCacheSaysSoRatherThanUnavailable() throws Exception {
        Cache cache = create();
        ((PrefixedCache) cache).close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cache.get("k"));
        assertTrue(e.getMessage().contains("caches.Down"), e.getMessage());
    }
}
