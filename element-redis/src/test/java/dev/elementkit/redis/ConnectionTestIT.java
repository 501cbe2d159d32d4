package dev.elementkit.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.connection.ConnectionTestResult;
import dev.elementkit.platform.connection.StepOutcome;
import dev.elementkit.platform.connection.TestCode;
import dev.elementkit.platform.connection.TestStep;
import dev.elementkit.platform.element.ElementContext;
import dev.elementkit.redis.testing.RedisCluster;
import dev.elementkit.redis.testing.RedisFixture;
import dev.elementkit.redis.testing.RedisServer;
import dev.elementkit.redis.testing.RedisServers;
import dev.elementkit.redis.testing.TlsFiles;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Test Connection through the plugin JAR: steps, details, and a distinct code for each kind of failure. */
@Timeout(120)
class ConnectionTestIT {

    static final String PASSWORD = "pw-" + System.nanoTime();
    static PluginHarness harness;
    static Path appRoot;
    @RegisterExtension
    static final RedisFixture<RedisServer> plain = RedisFixture.standalone();
    @RegisterExtension
    static final RedisFixture<RedisServer> secured = RedisFixture.of(() -> RedisServers.withPassword(PASSWORD));

    @BeforeAll
    static void loadPlugin() throws Exception {
        harness = PluginHarness.load("element-redis");
        appRoot = Files.createTempDirectory("redis-test-connection-");
    }

    @AfterAll
    static void unloadPlugin() {
        if (harness != null) {
            harness.close();
        }
    }

    private static ConnectionTestResult test(Map<String, ?> config) {
        ConnectionTestResult result = harness.test(RedisType.FULL_NAME,
                new ElementContext("conntest", appRoot, "caches.Probe"), config, Duration.ofSeconds(10));
        System.out.println(result);
        return result;
    }

    private static Map<String, Object> config(Object... pairs) {
        Map<String, Object> config = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            config.put((String) pairs[i], pairs[i + 1]);
        }
        return config;
    }

    @Test
    void aWorkingServerPassesEveryStepWithVersionModeAndRole() {
        ConnectionTestResult result = test(config("host", "127.0.0.1", "port", secured.get().port(),
                "password", PASSWORD));
        assertTrue(result.success(), result.message());
        assertEquals(List.of("resolve", "connect", "authenticate", "PING", "INFO", "SELECT"),
                result.steps().stream().map(TestStep::name).toList());
        assertTrue(result.steps().stream().allMatch(s -> s.outcome() == StepOutcome.SUCCESSFUL), result.steps()::toString);
        assertTrue(String.valueOf(result.details().get("server_version")).matches("\\d+\\.\\d+\\.\\d+"),
                "server_version: " + result.details());
        assertEquals("standalone", result.details().get("server_mode"));
        assertEquals("master", result.details().get("role"));
        assertFalse(result.toString().contains(PASSWORD), "the password leaked into the result");
    }

    @Test
    void nothingListeningIsUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        ConnectionTestResult result = test(config("host", "127.0.0.1", "port", port));
        assertEquals(TestCode.UNREACHABLE, result.code(), result.message());
        assertEquals(StepOutcome.FAILED, step(result, "connect").outcome());
        assertEquals(StepOutcome.SKIPPED, step(result, "PING").outcome());
    }

    @Test
    void anUnknownHostIsUnknownHost() {
        ConnectionTestResult result = test(config("host", "no-such-host.invalid", "port", 6379));
        assertEquals(TestCode.UNKNOWN_HOST, result.code(), result.message());
        assertTrue(result.message().contains("'no-such-host.invalid'"), result.message());
        assertEquals(StepOutcome.FAILED, step(result, "resolve").outcome());
    }

    @Test
    void aServerThatNeverAnswersIsATimeout() throws Exception {
        // The kernel completes the TCP handshake for a listening socket even if nobody accepts or reads.
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ConnectionTestResult result = test(config("host", "127.0.0.1", "port", silent.getLocalPort()));
            assertEquals(TestCode.TIMEOUT, result.code(), result.message());
        }
    }

    @Test
    void aWrongPasswordIsAnAuthenticationFailure() {
        ConnectionTestResult result = test(config("host", "127.0.0.1", "port", secured.get().port(),
                "password", "wrong"));
        assertEquals(TestCode.AUTH_FAILED, result.code(), result.message());
        assertEquals(StepOutcome.FAILED, step(result, "authenticate").outcome());
        assertFalse(result.toString().contains("wrong"), "the password leaked into the result");
    }

    @Test
    void withTheNearCacheOnTheTestSaysTheServerTracksKeys() {
        ConnectionTestResult result = test(config("host", "127.0.0.1", "port", plain.get().port(),
                "near_cache", true));
        assertTrue(result.success(), result.message());
        assertEquals(List.of("resolve", "connect", "authenticate", "PING", "INFO", "SELECT", "client tracking"),
                result.steps().stream().map(TestStep::name).toList());
        assertEquals(StepOutcome.SUCCESSFUL, step(result, "client tracking").outcome());
        assertEquals(true, result.details().get("client_tracking"));
    }

    @Test
    void withTheNearCacheOnAUserWhoMayNotTrackKeysFailsTheTrackingStep() {
        String user = "notrack" + System.nanoTime();
        plain.get().cli("ACL", "SETUSER", user, "on", ">" + PASSWORD, "~*", "+@all", "-client");
        try {
            ConnectionTestResult result = test(config("host", "127.0.0.1", "port", plain.get().port(),
                    "username", user, "password", PASSWORD, "near_cache", true));
            assertEquals(TestCode.AUTH_FAILED, result.code(), result.message());
            assertEquals(StepOutcome.FAILED, step(result, "client tracking").outcome());
            assertTrue(result.message().contains("near_cache"), result.message());
            assertEquals(false, result.details().get("client_tracking"));
        } finally {
            plain.get().cli("ACL", "DELUSER", user);
        }
    }

    @Test
    void aMissingPasswordIsAnAuthenticationFailure() {
        ConnectionTestResult result = test(config("host", "127.0.0.1", "port", secured.get().port()));
        assertEquals(TestCode.AUTH_FAILED, result.code(), result.message());
        assertEquals(StepOutcome.SKIPPED, step(result, "authenticate").outcome(),
                "nothing was tried without a password: not 'SUCCESSFUL'");
    }

    @Test
    void aPortThatSpeaksAnotherProtocolIsSaidInThoseWords() throws Exception {
        // An HTTP-ish server: it reads the first line, answers, and hangs up, as a web server on a wrong port does.
        try (ServerSocket http = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                while (!http.isClosed()) {
                    try (java.net.Socket client = http.accept()) {
                        client.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"
                                .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            server.setDaemon(true);
            server.start();
            ConnectionTestResult result = test(config("host", "127.0.0.1", "port", http.getLocalPort()));
            assertEquals(TestCode.PROTOCOL, result.code(), result.message());
            assertTrue(result.message().contains("does not speak the Redis protocol"), result.message());
        }
    }

    @Test
    void anUntrustedCertificateFailsOnTheTlsHandshakeStepNamingTheTrustStore() throws Exception {
        Path dir = Files.createTempDirectory("tls-");
        TlsFiles files = TlsFiles.selfSigned(dir);
        try (RedisServer tls = RedisServers.tls(files)) {
            ConnectionTestResult result = test(config("host", "127.0.0.1", "port", tls.port(), "ssl", true));
            assertEquals(TestCode.TLS_FAILED, result.code(), result.message());
            TestStep handshake = step(result, "TLS handshake");
            assertEquals(StepOutcome.FAILED, handshake.outcome(), result.steps()::toString);
            assertTrue(handshake.explanation().contains("not trusted by the JVM's default trust store"),
                    handshake.explanation());
            assertTrue(result.message().contains("ssl_trust_store"), "names the fix: " + result.message());
            assertTrue(result.steps().stream().noneMatch(s -> s.name().equals("PING")
                    && s.outcome() == StepOutcome.FAILED), "not blamed on PING: " + result.steps());
            String everything = result.toString();
            assertFalse(everything.contains("sun.security") || everything.contains("PKIX path"),
                    "the JDK's words stay out: " + everything);

            // A trust store that does not hold the server's CA: named as the one that does not trust it.
            Path otherDir = Files.createTempDirectory("tls-other-");
            Path otherCa = TlsFiles.selfSigned(otherDir).certificate();
            ConnectionTestResult other = test(config("host", "127.0.0.1", "port", tls.port(), "ssl", true,
                    "ssl_trust_store", otherCa.toString()));
            assertEquals(TestCode.TLS_FAILED, other.code(), other.message());
            assertTrue(step(other, "TLS handshake").explanation().contains(otherCa.toString()),
                    other.steps()::toString);

            // Its own CA: the handshake step succeeds and PING follows.
            ConnectionTestResult trusted = test(config("host", "127.0.0.1", "port", tls.port(), "ssl", true,
                    "ssl_trust_store", files.certificate().toString()));
            assertTrue(trusted.success(), trusted.message());
            assertEquals(StepOutcome.SUCCESSFUL, step(trusted, "TLS handshake").outcome(), trusted.steps()::toString);
        }
    }

    @Test
    void clusterConfigurationAgainstAStandaloneServerIsWrongMode() {
        ConnectionTestResult result = test(config("mode", "cluster", "nodes", List.of(plain.get().address())));
        assertEquals(TestCode.WRONG_MODE, result.code(), result.message());
    }

    @Test
    void standaloneConfigurationAgainstAClusterNodeIsWrongModeAndClusterPasses() {
        try (RedisCluster cluster = RedisServers.cluster(3)) {
            RedisServer node = cluster.nodes().get(0);
            ConnectionTestResult wrong = test(config("host", node.host(), "port", node.port()));
            assertEquals(TestCode.WRONG_MODE, wrong.code(), wrong.message());
            ConnectionTestResult right = test(config("mode", "cluster", "nodes", cluster.addresses()));
            assertTrue(right.success(), right.message());
            assertEquals("cluster", right.details().get("server_mode"));
            assertEquals("ok", right.details().get("cluster_state"));
        }
    }

    private static TestStep step(ConnectionTestResult result, String name) {
        return result.steps().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no step " + name + " in " + result.steps()));
    }
}
