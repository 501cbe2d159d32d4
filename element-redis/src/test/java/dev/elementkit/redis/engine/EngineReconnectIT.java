package dev.elementkit.redis.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.spi.CacheBackend;
import dev.elementkit.platform.shared.Lease;
import dev.elementkit.redis.testing.RedisServer;
import dev.elementkit.redis.testing.RedisServers;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The engine on the application class path (no PF4J): reconnects by itself after the server drops it. */
class EngineReconnectIT {

    @Test
    void reconnectsAfterTheServerClosesTheConnection() throws Exception {
        RedisServers.requireBinaries();
        try (RedisServer server = RedisServers.standalone();
             RedisEngine engine = RedisEngine.start(EngineOptions.redis());
             Lease<? extends CacheBackend> lease = engine.open(
                     RedisSettings.standalone(server.host(), server.port(), 1, Duration.ofMillis(500)))) {
            CacheBackend backend = lease.get();
            backend.set("engine:k", "v", null);
            server.cli("CLIENT", "KILL", "TYPE", "normal");
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!backend.ping() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(backend.ping(), "no reconnect");
            assertEquals("v", backend.get("engine:k"));
        }
    }
}
