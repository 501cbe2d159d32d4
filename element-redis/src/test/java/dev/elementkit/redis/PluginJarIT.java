package dev.elementkit.redis;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.elementkit.cache.tck.PluginJarCheck;
import java.io.IOException;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The built JAR bundles Lettuce and Netty, which the host does not have, and nothing the host provides (Lettuce's
 * redis-authx-core brings slf4j-api, which would silence the plugin's logs if bundled).
 */
class PluginJarIT extends PluginJarCheck {

    @Override
    protected String pluginId() {
        return "element-redis";
    }

    @Test
    void bundlesLettuceAndNettysEpollTransport() throws IOException {
        try (JarFile file = new JarFile(jar().toFile())) {
            assertNotNull(file.getEntry("io/lettuce/core/RedisClient.class"));
            assertNotNull(file.getEntry("io/netty/channel/epoll/Epoll.class"));
        }
    }
}
