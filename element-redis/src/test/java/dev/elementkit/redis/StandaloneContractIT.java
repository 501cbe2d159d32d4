package dev.elementkit.redis;

import dev.elementkit.redis.testing.RedisServer;
import dev.elementkit.redis.testing.RedisServers;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The cache contract on a standalone Redis without password, database 1 (the reference default). */
class StandaloneContractIT extends RedisPluginContractTest {

    static RedisServer server;

    @BeforeAll
    static void startServer() {
        server = RedisServers.standalone();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected Map<String, Object> config() {
        return Map.of("host", server.host(), "port", server.port());
    }
}
