package dev.elementkit.redis;

import dev.elementkit.redis.testing.RedisFixture;
import dev.elementkit.redis.testing.RedisServer;
import dev.elementkit.redis.testing.RedisServers;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cache contract as an ACL user on a Redis whose default user is off. */
class AclContractIT extends RedisPluginContractTest {

    static final String USER = "cache-app";
    static final String PASSWORD = "pw-" + UUID.randomUUID();

    @RegisterExtension
    static final RedisFixture<RedisServer> server = RedisFixture.of(() -> RedisServers.withAclUser(USER, PASSWORD));

    @Override
    protected Map<String, Object> config() {
        return Map.of("host", server.get().host(), "port", server.get().port(), "username", USER,
                "password", PASSWORD);
    }
}
