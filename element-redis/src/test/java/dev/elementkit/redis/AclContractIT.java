package dev.elementkit.redis;

import dev.elementkit.redis.testing.RedisServer;
import dev.elementkit.redis.testing.RedisServers;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The cache contract as an ACL user on a Redis whose default user is off. */
class AclContractIT extends RedisPluginContractTest {

    static final String USER = "cache-app";
    static final String PASSWORD = "pw-" + UUID.randomUUID();
    static RedisServer server;

    @BeforeAll
    static void startServer() {
        server = RedisServers.withAclUser(USER, PASSWORD);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected Map<String, Object> config() {
        return Map.of("host", server.host(), "port", server.port(), "username", USER, "password", PASSWORD);
    }
}
