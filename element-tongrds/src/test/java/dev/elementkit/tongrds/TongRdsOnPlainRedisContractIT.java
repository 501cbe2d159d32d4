package dev.elementkit.tongrds;

import dev.elementkit.redis.testing.RedisFixture;
import dev.elementkit.redis.testing.RedisServer;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cache contract for {@code caches.TongRDSType} against a plain Redis, without a TongRDS front: an element
 * configured as TongRDS keeps working when it meets another Redis-protocol server (the connection test only warns).
 */
class TongRdsOnPlainRedisContractIT extends TongRdsPluginContractTest {

    @RegisterExtension
    static final RedisFixture<RedisServer> redis = RedisFixture.standalone();

    @Override
    protected Map<String, Object> config() {
        return Map.of("host", redis.get().host(), "port", redis.get().port(),
                "socket_timeout", TongRdsDeployments.TIMEOUT_SECONDS,
                "socket_connect_timeout", TongRdsDeployments.TIMEOUT_SECONDS);
    }
}
