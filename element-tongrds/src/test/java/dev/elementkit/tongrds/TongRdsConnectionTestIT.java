package dev.elementkit.tongrds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.connection.ConnectionTestResult;
import dev.elementkit.platform.connection.StepOutcome;
import dev.elementkit.platform.connection.TestCode;
import dev.elementkit.platform.connection.TestStep;
import dev.elementkit.platform.element.ElementContext;
import dev.elementkit.redis.testing.RedisServer;
import dev.elementkit.redis.testing.RedisServers;
import dev.elementkit.tongrds.testing.TongRdsProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Test Connection of {@code caches.TongRDSType}, with both plugins loaded from their JARs. */
class TongRdsConnectionTestIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static TongRdsDeployments.Standalone tongRds;
    private static TongRdsDeployments.Sentinel tongRdsSentinel;
    private static RedisServer plainRedis;
    private static PluginHarness plugins;
    private static ElementContext context;

    @BeforeAll
    static void start() throws Exception {
        tongRds = new TongRdsDeployments.Standalone(TongRdsDeployments.newPassword());
        tongRdsSentinel = new TongRdsDeployments.Sentinel(TongRdsDeployments.newPassword(), null);
        plainRedis = RedisServers.standalone();
        plugins = PluginHarness.load("element-redis", "element-tongrds");
        context = new ElementContext("tongrds-test", Files.createTempDirectory("tongrds-test-"), "caches.TongRDS");
    }

    @AfterAll
    static void stop() {
        if (plugins != null) {
            plugins.close();
        }
        for (AutoCloseable closeable : new AutoCloseable[] {tongRds, tongRdsSentinel, plainRedis}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception ignored) {
                // keep closing the others
            }
        }
    }

    private static ConnectionTestResult test(Map<String, Object> config) {
        return plugins.test(TongRdsType.FULL_NAME, context, config, TIMEOUT);
    }

    private static String describe(ConnectionTestResult result) {
        return result.code() + " " + result.message() + "\n" + result.steps().stream()
                .map(s -> "  " + s.name() + " " + s.outcome() + ": " + s.explanation())
                .collect(Collectors.joining("\n")) + "\n  details " + result.details();
    }

    @Test
    void tongRdsSucceedsAndReportsItsVersion() {
        tongRds.front.resetCounters();
        ConnectionTestResult result = test(tongRds.config());

        assertTrue(result.success(), describe(result));
        assertEquals(TongRdsProxy.TONGRDS_VERSION, result.details().get("TongRDS_Version"), describe(result));
        assertEquals(TongRdsProxy.REDIS_VERSION, result.details().get("server_version"), describe(result));
        assertEquals(List.of("resolve", "connect", "authenticate", "PING", "INFO", "SELECT"),
                result.steps().stream().map(TestStep::name).toList(), describe(result));
        assertTrue(result.steps().stream().allMatch(s -> s.outcome() == StepOutcome.SUCCESSFUL), describe(result));
        assertTrue(result.message().contains("TongRDS"), result.message());
        assertEquals(List.of(), tongRds.front.rejected(), "the test used only commands TongRDS has");
    }

    @Test
    void aWrongPasswordFailsClearlyWithoutShowingIt() {
        Map<String, Object> config = new LinkedHashMap<>(tongRds.config());
        String wrong = "not-" + tongRds.password;
        config.put("password", wrong);
        ConnectionTestResult result = test(config);

        assertFalse(result.success(), describe(result));
        assertEquals(TestCode.AUTH_FAILED, result.code(), describe(result));
        assertTrue(result.message().toLowerCase().contains("password"), describe(result));
        TestStep authenticate = result.steps().stream().filter(s -> s.name().equals("authenticate")).findFirst()
                .orElseThrow();
        assertEquals(StepOutcome.FAILED, authenticate.outcome(), describe(result));
        assertFalse(describe(result).contains(wrong), "the password must not be shown");
        assertFalse(describe(result).contains(tongRds.password), "the password must not be shown");
    }

    @Test
    void aMissingPasswordFailsAsAuthentication() {
        Map<String, Object> config = new LinkedHashMap<>(tongRds.config());
        config.remove("password");
        ConnectionTestResult result = test(config);

        assertFalse(result.success(), describe(result));
        assertEquals(TestCode.AUTH_FAILED, result.code(), describe(result));
    }

    @Test
    void aPlainRedisSucceedsWithAWarningThatItIsNotTongRds() {
        ConnectionTestResult result = test(Map.of("host", plainRedis.host(), "port", plainRedis.port(),
                "socket_timeout", TongRdsDeployments.TIMEOUT_SECONDS,
                "socket_connect_timeout", TongRdsDeployments.TIMEOUT_SECONDS));

        assertTrue(result.success(), describe(result));
        TestStep warning = result.steps().stream().filter(s -> s.outcome() == StepOutcome.WARNING).findFirst()
                .orElseThrow(() -> new AssertionError("no warning step: " + describe(result)));
        assertEquals("TongRDS", warning.name());
        assertTrue(warning.explanation().contains("not TongRDS"), warning.explanation());
        assertFalse(result.details().containsKey("TongRDS_Version"), describe(result));
    }

    @Test
    void sentinelModeFindsTheServiceNodeThroughTheSentinel() {
        ConnectionTestResult result = test(tongRdsSentinel.config());

        assertTrue(result.success(), describe(result));
        assertEquals(tongRdsSentinel.front.address(), result.details().get("master"), describe(result));
        assertEquals(TongRdsProxy.TONGRDS_VERSION, result.details().get("TongRDS_Version"), describe(result));
        assertTrue(result.steps().stream().anyMatch(s -> s.name().equals("find master")), describe(result));
        assertEquals(List.of(), tongRdsSentinel.front.rejected(), "the test used only commands TongRDS has");
    }

    @Test
    void nothingListeningIsUnreachable() {
        int closedPort = RedisServers.freePort();
        ConnectionTestResult result = test(Map.of("host", "127.0.0.1", "port", closedPort));

        assertFalse(result.success(), describe(result));
        assertEquals(TestCode.UNREACHABLE, result.code(), describe(result));
    }
}
