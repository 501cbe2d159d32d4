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
        // The JVM's first TLS handshake (JSSE start-up, cold code) can take longer than the reference's 0.5 s on a
        // busy two-core machine; the contract is about semantics, not latency.
        return Map.of("host", server.host(), "port", server.port(), "ssl", true,
                "ssl_trust_store", tls.certificate().toString(), "socket_connect_timeout", 5, "socket_timeout", 2);
    }
}
