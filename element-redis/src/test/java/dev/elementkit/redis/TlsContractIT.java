package dev.elementkit.redis;

import dev.elementkit.redis.testing.RedisServer;
import dev.elementkit.redis.testing.RedisServers;
import dev.elementkit.redis.testing.TlsFiles;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The cache contract over TLS with peer verification on (the default), trusting the test's self-signed
 * certificate through {@code ssl_trust_store}.
 */
class TlsContractIT extends RedisPluginContractTest {

    static TlsFiles tls;
    static RedisServer server;

    @BeforeAll
    static void startServer() {
        tls = TlsFiles.selfSigned(appRoot);
        server = RedisServers.tls(tls);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected Map<String, Object> config() {
        return Map.of("host", server.host(), "port", server.port(), "ssl", true,
                "ssl_trust_store", tls.certificate().toString());
    }
}
