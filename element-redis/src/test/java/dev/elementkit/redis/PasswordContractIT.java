package dev.elementkit.redis;

import dev.elementkit.redis.testing.RedisServer;
import dev.elementkit.redis.testing.RedisServers;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The cache contract on a Redis with {@code requirepass}, in database 3. */
class PasswordContractIT extends RedisPluginContractTest {

    static final String PASSWORD = "pw-" + UUID.randomUUID();
    static RedisServer server;

    @BeforeAll
    static void startServer() {
        server = RedisServers.withPassword(PASSWORD);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected Map<String, Object> config() {
        return Map.of("host", server.host(), "port", server.port(), "password", PASSWORD, "db", 3);
    }
}
