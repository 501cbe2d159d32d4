package dev.elementkit.redis;

import dev.elementkit.redis.testing.RedisFixture;
import dev.elementkit.redis.testing.RedisSentinels;
import dev.elementkit.redis.testing.RedisServers;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cache contract on a password-protected master found through a password-protected sentinel. */
class SentinelContractIT extends RedisPluginContractTest {

    static final String PASSWORD = "pw-" + UUID.randomUUID();
    static final String SENTINEL_PASSWORD = "spw-" + UUID.randomUUID();

    @RegisterExtension
    static final RedisFixture<RedisSentinels> sentinels =
            RedisFixture.of(() -> RedisServers.sentinel("cachemaster", PASSWORD, SENTINEL_PASSWORD));

    @Override
    protected Map<String, Object> config() {
        return Map.of("mode", "sentinel", "nodes", java.util.List.of(sentinels.get().sentinel().address()),
                "master_name", sentinels.get().masterName(), "password", PASSWORD,
                "sentinel_password", SENTINEL_PASSWORD);
    }
}
