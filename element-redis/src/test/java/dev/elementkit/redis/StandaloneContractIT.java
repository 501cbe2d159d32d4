package dev.elementkit.redis;

import dev.elementkit.redis.testing.RedisFixture;
import dev.elementkit.redis.testing.RedisServer;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The cache contract on a standalone Redis without password, database 1 (the reference default). */
class StandaloneContractIT extends RedisPluginContractTest {

    @RegisterExtension
    static final RedisFixture<RedisServer> server = RedisFixture.standalone();

    @Override
    protected Map<String, Object> config() {
        return Map.of("host", server.get().host(), "port", server.get().port());
    }
}
