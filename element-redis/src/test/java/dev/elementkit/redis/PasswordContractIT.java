package dev.elementkit.redis;

import dev.elementkit.redis.testing.RedisFixture;
import dev.elementkit.redis.testing.RedisServer;
import dev.elementkit.redis.testing.RedisServers;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cache contract on a Redis with {@code requirepass}, in database 3. */
class PasswordContractIT extends RedisPluginContractTest {

    static final String PASSWORD = "pw-" + UUID.randomUUID();

    @RegisterExtension
    static final RedisFixture<RedisServer> server = RedisFixture.of(() -> RedisServers.withPassword(PASSWORD));

    @Override
    protected Map<String, Object> config() {
        return Map.of("host", server.get().host(), "port", server.get().port(), "password", PASSWORD, "db", 3);
    }
}
