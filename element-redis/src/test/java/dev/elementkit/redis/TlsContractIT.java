package dev.elementkit.redis;

import dev.elementkit.redis.testing.RedisFixture;
import dev.elementkit.redis.testing.RedisServer;
import dev.elementkit.redis.testing.RedisServers;
import dev.elementkit.redis.testing.TlsFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cache contract over TLS with peer verification on (the default), trusting the test's self-signed
 * certificate through {@code ssl_trust_store}.
 */
class TlsContractIT extends RedisPluginContractTest {

    static TlsFiles tls;

    @RegisterExtension
    static final RedisFixture<RedisServer> server = RedisFixture.of(TlsContractIT::startTlsServer);

    private static RedisServer startTlsServer() {
        try {
            tls = TlsFiles.selfSigned(Files.createTempDirectory("redis-tls-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return RedisServers.tls(tls);
    }

    @Override
    protected Map<String, Object> config() {
        return Map.of("host", server.get().host(), "port", server.get().port(), "ssl", true,
                "ssl_trust_store", tls.certificate().toString());
    }
}
