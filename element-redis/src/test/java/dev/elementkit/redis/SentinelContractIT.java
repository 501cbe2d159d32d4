package dev.elementkit.redis;

import dev.elementkit.redis.testing.RedisSentinels;
import dev.elementkit.redis.testing.RedisServers;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The cache contract on a password-protected master found through a password-protected sentinel. */
class SentinelContractIT extends RedisPluginContractTest {

    static final String PASSWORD = "pw-" + UUID.randomUUID();
    static final String SENTINEL_PASSWORD = "spw-" + UUID.randomUUID();
    static RedisSentinels sentinels;

    @BeforeAll
    static void startSentinel() {
        sentinels = RedisServers.sentinel("cachemaster", PASSWORD, SENTINEL_PASSWORD);
    }

    @AfterAll
    static void stopSentinel() {
        if (sentinels != null) {
            sentinels.close();
        }
    }

    @Override
    protected Map<String, Object> config() {
        return Map.of("mode", "sentinel", "nodes", java.util.List.of(sentinels.sentinel().address()),
                "master_name", sentinels.masterName(), "password", PASSWORD, "sentinel_password", SENTINEL_PASSWORD);
    }
}
