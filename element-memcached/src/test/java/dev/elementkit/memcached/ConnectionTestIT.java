package dev.elementkit.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.tck.Instances;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.connection.ConnectionTestResult;
import dev.elementkit.platform.connection.TestCode;
import dev.elementkit.platform.element.ElementContext;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Test Connection of the built plugin, and authentication: green with the server's facts in the details, and a
 * distinct code for a refused port, a silent one, and wrong or missing credentials (memcached -Y).
 */
@Timeout(60)
class ConnectionTestIT {

    private static final ElementContext CONTEXT = new ElementContext("ct", Path.of("."), "caches.Mc");
    private static PluginHarness harness;
    private static MemcachedServer open;
    private static MemcachedServer withAuth;

    @BeforeAll
    static void start() throws Exception {
        open = MemcachedServer.start();
        withAuth = MemcachedServer.start("-Y", MemcachedServer.authFile("app", "right-password").toString());
        harness = PluginHarness.load(PluginUnderTest.ID);
    }

    @AfterAll
    static void stop() throws Exception {
        harness.close();
        open.close();
        withAuth.close();
    }

    private static ConnectionTestResult test(Map<String, Object> config, Duration timeout) {
        return harness.test(PluginUnderTest.TYPE, CONTEXT, config, timeout);
    }

    private static Map<String, Object> servers(String... addresses) {
        Map<String, Object> config = new HashMap<>();
        config.put("servers", List.of(addresses));
        return config;
    }

    @Test
    void isGreenWithVersionItemSizeLimitAndEvictionSettings() {
        ConnectionTestResult result = test(servers(open.address()), Duration.ofSeconds(5));
        assertTrue(result.success(), result.toString());
        assertTrue(String.valueOf(result.details().get("version")).startsWith("1.6"), result.details().toString());
        assertEquals(1048576L, ((Number) result.details().get("item_size_max")).longValue());
        assertEquals("on", result.details().get("evictions"));
    }

    @Test
    void aClosedPortIsUnreachableNamingTheServer() throws Exception {
        String closed = "127.0.0.1:" + MemcachedServer.freePort();
        ConnectionTestResult result = test(servers(open.address(), closed), Duration.ofSeconds(5));
        assertEquals(TestCode.UNREACHABLE, result.code(), result.toString());
        assertTrue(result.message().contains(closed), result.message());
    }

    @Test
    void aServerThatNeverAnswersIsATimeout() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ConnectionTestResult result = test(servers("127.0.0.1:" + silent.getLocalPort()), Duration.ofSeconds(1));
            assertEquals(TestCode.TIMEOUT, result.code(), result.toString());
        }
    }

    @Test
    void wrongOrMissingCredentialsAreAnAuthFailureAndTheMessageHoldsNoSecret() {
        Map<String, Object> wrong = servers(withAuth.address());
        wrong.put("username", "app");
        wrong.put("password", "wrong-password-never-shown");
        ConnectionTestResult refused = test(wrong, Duration.ofSeconds(5));
        assertEquals(TestCode.AUTH_FAILED, refused.code(), refused.toString());
        assertFalse(refused.toString().contains("wrong-password-never-shown"), refused.toString());

        ConnectionTestResult missing = test(servers(withAuth.address()), Duration.ofSeconds(5));
        assertEquals(TestCode.AUTH_FAILED, missing.code(), missing.toString());
    }

    @Test
    void credentialsForAServerWithoutAuthenticationAreRefusedAndNeverStored() throws Exception {
        Map<String, Object> config = servers(open.address());
        config.put("username", "app");
        config.put("password", "never-stored-password");
        ConnectionTestResult result = test(config, Duration.ofSeconds(5));
        assertEquals(TestCode.AUTH_FAILED, result.code(), result.toString());
        assertTrue(result.message().contains("-Y"), result.message());
        assertThrows(Exception.class, () -> {
            Cache cache = harness.createCache(PluginUnderTest.TYPE, CONTEXT, config);
            try {
                cache.set("k", "v", 60);
            } finally {
                Instances.close(cache);
            }
        });
        // Text authentication is a "set": on this server it would have stored "app never-stored-password".
        String address = open.address();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(),
                Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)))) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write("lru_crawler metadump all\r\n".getBytes(StandardCharsets.UTF_8));
            BufferedReader reader = new BufferedReader(
                    new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            StringBuilder dump = new StringBuilder();
            for (String line = reader.readLine(); line != null && !line.startsWith("END"); line = reader.readLine()) {
                dump.append(line).append('\n');
            }
            assertFalse(dump.toString().contains("auth") || dump.toString().contains("AUTH"), dump.toString());
        }
    }

    @Test
    void theRightCredentialsGiveAWorkingCache() throws Exception {
        Map<String, Object> config = servers(withAuth.address());
        config.put("username", "app");
        config.put("password", "right-password");
        assertTrue(test(config, Duration.ofSeconds(5)).success());
        Cache cache = harness.createCache(PluginUnderTest.TYPE, CONTEXT, config);
        try {
            cache.set("k", "v", 60);
            assertEquals("v", cache.get("k"));
            assertEquals(2, cache.incr("n", 2));
            assertEquals(List.of("k"), cache.keys("k*"));
            assertEquals(2, cache.clear());
        } finally {
            Instances.close(cache);
        }
    }
}
