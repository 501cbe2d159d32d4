package dev.elementkit.redis;

import dev.elementkit.redis.testing.RedisFixture;
import dev.elementkit.redis.testing.RedisServer;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cache contract with the near cache on: every call must mean what it means without one, so every write path
 * must drop what the near cache held (the contract reads each write back at once).
 */
class NearCacheContractIT extends RedisPluginContractTest {

    @RegisterExtension
    static final RedisFixture<RedisServer> server = RedisFixture.standalone();

    @Override
    protected Map<String, Object> config() {
        return Map.of("host", server.get().host(), "port", server.get().port(), "near_cache", true);
    }
}
