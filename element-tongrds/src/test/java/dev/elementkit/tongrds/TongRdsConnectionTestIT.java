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
import dev.elementkit.redis.testing.RedisFixture;
import dev.elementkit.redis.testing.RedisServer;
import dev.elementkit.redis.testing.RedisServers;
import dev.elementkit.tongrds.testing.TongRdsProxy;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Test Connection of {@code caches.TongRDSType}, with both plugins loaded from their JARs. */
class TongRdsConnectionTestIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @RegisterExtension
    static final RedisFixture<TongRdsDeployments.Standalone> tongRds =
            RedisFixture.of(() -> new TongRdsDeployments.Standalone(TongRdsDeployments.newPassword()));
    @RegisterExtension
    static final RedisFixture<TongRdsDeployments.Sentinel> tongRdsSentinel =
            RedisFixture.of(() -> new TongRdsDeployments.Sentinel(TongRdsDeployments.newPassword(), null));
    @RegisterExtension
    static final RedisFixture<RedisServer> plainRedis = RedisFixture.standalone();

    private static PluginHarness plugins;
    private static ElementContext context;

    @BeforeAll
    static void loadPlugins() throws Exception {
        plugins = PluginHarness.load("element-redis", "element-tongrds");
        context = new ElementContext("tongrds-test", Files.createTempDirectory("tongrds-test-"), "caches.TongRDS");
    }

    @AfterAll
    static void unloadPlugins() {
        if (plugins != null) {
            plugins.close();
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
        tongRds.get().front.resetCounters();
        ConnectionTestResult result = test(tongRds.get().config());

        assertTrue(result.success(), describe(result));
        assertEquals(TongRdsProxy.TONGRDS_VERSION, result.details().get("TongRDS_Version"), describe(result));
        assertEquals(TongRdsProxy.REDIS_VERSION, result.details().get("server_version"), describe(result));
        assertEquals(List.of("resolve", "connect", "authenticate", "PING", "INFO", "SELECT"),
                result.steps().stream().map(TestStep::name).toList(), describe(result));
        assertTrue(result.steps().stream().allMatch(s -> s.outcome() == StepOutcome.SUCCESSFUL), describe(result));
        assertTrue(result.message().contains("TongRDS"), result.message());
        assertEquals(List.of(), tongRds.get().front.rejected(), "the test used only commands TongRDS has");
    }

    @Test
    void aWrongPasswordFailsClearlyWithoutShowingIt() {
        Map<String, Object> config = new LinkedHashMap<>(tongRds.get().config());
        String wrong = "not-" + tongRds.get().password;
        config.put("password", wrong);
        ConnectionTestResult result = test(config);

        assertFalse(result.success(), describe(result));
        assertEquals(TestCode.AUTH_FAILED, result.code(), describe(result));
        assertTrue(result.message().toLowerCase().contains("password"), describe(result));
        TestStep authenticate = result.steps().stream().filter(s -> s.name().equals("authenticate")).findFirst()
                .orElseThrow();
        assertEquals(StepOutcome.FAILED, authenticate.outcome(), describe(result));
        assertFalse(describe(result).contains(wrong), "the password must not be shown");
        assertFalse(describe(result).contains(tongRds.get().password), "the password must not be shown");
    }

    @Test
    void aMissingPasswordFailsAsAuthentication() {
        Map<String, Object> config = new LinkedHashMap<>(tongRds.get().config());
        config.remove("password");
        ConnectionTestResult result = test(config);

        assertFalse(result.success(), describe(result));
        assertEquals(TestCode.AUTH_FAILED, result.code(), describe(result));
    }

    @Test
    void aPlainRedisSucceedsWithAWarningThatItIsNotTongRds() {
        ConnectionTestResult result = test(Map.of("host", plainRedis.get().host(), "port", plainRedis.get().port(),
                "socket_timeout", TongRdsDeployments.TIMEOUT_SECONDS,
                "socket_connect_timeout", TongRdsDeployments.TIMEOUT_SECONDS));

        assertTrue(result.success(), describe(result));
        TestStep warning = result.steps().stream().filter(s -> s.outcome() == StepOutcome.WARNING).findFirst()
                .orElseThrow(() -> new AssertionError("no warning step: " + describe(result)));
        assertEquals("TongRDS", warning.name());
        assertTrue(warning.explanation().contains("not TongRDS"), warning.explanation());
        assertTrue(result.message().startsWith("A Redis-protocol server that is not TongRDS at "),
                "the headline agrees with the step: " + result.message());
        assertFalse(result.details().containsKey("TongRDS_Version"), describe(result));
    }

    @Test
    void sentinelModeFindsTheServiceNodeThroughTheSentinel() {
        ConnectionTestResult result = test(tongRdsSentinel.get().config());

        assertTrue(result.success(), describe(result));
        assertEquals(tongRdsSentinel.get().front.address(), result.details().get("master"), describe(result));
        assertEquals(TongRdsProxy.TONGRDS_VERSION, result.details().get("TongRDS_Version"), describe(result));
        assertTrue(result.steps().stream().anyMatch(s -> s.name().equals("find master")), describe(result));
        assertEquals(List.of(), tongRdsSentinel.get().front.rejected(), "the test used only commands TongRDS has");
    }

    @Test
    void nothingListeningIsUnreachable() {
        int closedPort = RedisServers.freePort();
        ConnectionTestResult result = test(Map.of("host", "127.0.0.1", "port", closedPort));

        assertFalse(result.success(), describe(result));
        assertEquals(TestCode.UNREACHABLE, result.code(), describe(result));
    }
}
