package dev.elementkit.redis.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.spi.CacheBackend;
import dev.elementkit.platform.shared.Lease;
import dev.elementkit.redis.testing.RedisServer;
import dev.elementkit.redis.testing.RedisServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine's connections carry TCP keepalive with a short idle time (and run on epoll, which is what lets Lettuce
 * set TCP_USER_TIMEOUT too), as the kernel reports them with {@code ss}: this is what lets a server that vanished
 * without a reset be noticed within seconds rather than after the kernel's ~15 minutes of retransmissions.
 */
class KeepAliveIT {

    @Test
    void connectionsHaveAKeepaliveTimerOfAFewSeconds() throws Exception {
        RedisServers.requireBinaries();
        try (RedisServer server = RedisServers.standalone();
             RedisEngine engine = RedisEngine.start(EngineOptions.redis());
             Lease<? extends CacheBackend> lease = engine.open(
                     RedisSettings.standalone(server.host(), server.port(), 1, Duration.ofSeconds(2)))) {
            assertTrue(lease.get().ping());
            Process ss = new ProcessBuilder(List.of("ss", "-tnoH", "state", "established", "( dport = :"
                    + server.port() + " )")).redirectErrorStream(true).start();
            String sockets = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            ss.waitFor();
            assertTrue(sockets.contains("timer:(keepalive,"), "no keepalive timer on the connection: " + sockets);
            String seconds = sockets.replaceAll("(?s).*timer:\\(keepalive,([0-9.]+)(sec|ms).*", "$1 $2");
            String[] parts = seconds.split(" ");
            double value = Double.parseDouble(parts[0]) / (parts[1].equals("ms") ? 1000 : 1);
            assertTrue(value <= LettuceSetup.KEEPALIVE_IDLE.toSeconds(), "keepalive idle is " + seconds
                    + ", expected at most " + LettuceSetup.KEEPALIVE_IDLE);
            boolean epoll = Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().startsWith("lettuce-epollEventLoop"));
            assertTrue(epoll, "Lettuce does not use the epoll transport, so TCP_USER_TIMEOUT cannot be set");
        }
    }
}
