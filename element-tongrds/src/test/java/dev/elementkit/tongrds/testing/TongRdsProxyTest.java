package dev.elementkit.tongrds.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The TongRDS-behaving proxy does what the vendor documents, byte for byte, in front of the machine's shared
 * Redis (127.0.0.1:6379; keys of this test are unique, nothing is flushed or reconfigured).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TongRdsProxyTest {

    private static final String SHARED_HOST = "127.0.0.1";
    private static final int SHARED_PORT = 6379;

    private static TongRdsProxy proxy;
    private final String prefix = "tongrds-proxy-test-" + UUID.randomUUID() + ":";
    private final List<String> written = new ArrayList<>();
    private RawRespClient client;

    @BeforeAll
    static void startProxy() throws IOException {
        SharedRedis.requireReachable(SHARED_HOST, SHARED_PORT);
        proxy = TongRdsProxy.start(SHARED_HOST, SHARED_PORT);
    }

    @AfterAll
    static void stopProxy() {
        if (proxy != null) {
            proxy.close();
        }
    }

    @BeforeEach
    void connect() throws IOException {
        proxy.resetCounters();
        proxy.rejectScan(false);
        client = new RawRespClient(proxy.host(), proxy.port());
    }

    @AfterEach
    void cleanUp() throws IOException {
        client.close();
        try (RawRespClient direct = new RawRespClient(SHARED_HOST, SHARED_PORT)) {
            for (String key : written) {
                direct.call("DEL", key);
            }
        }
    }

    private String key(String name) {
        String key = prefix + name;
        written.add(key);
        return key;
    }

    @Test
    void helloIsAnUnknownCommandAsOnRedis32() throws IOException {
        assertEquals("-ERR unknown command 'HELLO'\r\n", client.call("HELLO", "3"));
        assertEquals("-ERR unknown command 'hello'\r\n", client.call("hello"));
        assertEquals(List.of("HELLO", "HELLO"), proxy.rejected());
        // the connection stays usable, as on a real server
        assertEquals("+PONG\r\n", client.call("PING"));
    }

    @Test
    void commandsOutsideTheVendorListAreRejectedWithoutReachingRedis() throws IOException {
        String counter = key("decr");
        assertEquals("-ERR unknown command 'CLIENT'\r\n", client.call("CLIENT", "SETNAME", "x"));
        assertEquals("-ERR unknown command 'COMMAND'\r\n", client.call("COMMAND"));
        assertEquals("-ERR unknown command 'READONLY'\r\n", client.call("READONLY"));
        assertEquals("-ERR unknown command 'DECR'\r\n", client.call("DECR", counter));
        assertEquals("-ERR unknown command 'HSCAN'\r\n", client.call("HSCAN", counter, "0"));
        assertEquals("-ERR unknown command 'CLUSTER'\r\n", client.call("CLUSTER", "RESET"));
        assertEquals(List.of("CLIENT SETNAME", "COMMAND", "READONLY", "DECR", "HSCAN", "CLUSTER RESET"),
                proxy.rejected());
        // DECR never reached Redis: the key was not created
        assertEquals(":0\r\n", client.call("EXISTS", counter));
    }

    @Test
    void documentedClusterSubcommandsAreForwarded() throws IOException {
        // The shared Redis is no cluster node: its own error proves the command got there.
        String reply = client.call("CLUSTER", "INFO");
        assertTrue(reply.startsWith("-ERR This instance has cluster support disabled"), reply);
        assertTrue(proxy.rejected().isEmpty());
    }

    @Test
    void infoReportsRedis3213AndTheTongRdsVersionUnderServer() throws IOException {
        for (String[] command : List.of(new String[] {"INFO"}, new String[] {"INFO", "server"})) {
            String info = client.call(command);
            assertTrue(info.contains("\r\n# Server\r\nTongRDS_Version:" + TongRdsProxy.TONGRDS_VERSION + "\r\n"), info);
            assertTrue(info.contains("\r\nredis_version:3.2.13\r\n"), info);
            assertEquals(1, info.split("redis_version:", -1).length - 1, info);
            String body = info.substring(info.indexOf("\r\n") + 2, info.length() - 2);
            assertEquals(Integer.parseInt(info.substring(1, info.indexOf("\r\n"))),
                    body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, "bulk length matches the body");
        }
        assertFalse(client.call("INFO", "memory").contains("TongRDS_Version"));
    }

    @Test
    void infoRewritingKeepsTheTextsEnding() {
        assertEquals("# Server\r\nTongRDS_Version:" + TongRdsProxy.TONGRDS_VERSION + "\r\nredis_version:3.2.13\r\n"
                        + "redis_mode:standalone\r\n",
                TongRdsProxy.asTongRdsInfo("# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\n"));
        assertEquals("# Memory\r\nused_memory:1", TongRdsProxy.asTongRdsInfo("# Memory\r\nused_memory:1"));
    }

    @Test
    void valuesPassThroughUnchanged() throws IOException {
        String key = key("value");
        String value = "grüße \r\n $3 *2 ☃ " + "x".repeat(100_000);
        assertEquals("+OK\r\n", client.call("SET", key, value));
        String reply = client.call("GET", key);
        int bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        assertEquals("$" + bytes + "\r\n" + value + "\r\n", reply);
        assertEquals(":1\r\n", client.call("DEL", key));
    }

    @Test
    void scanCanBeSwitchedOff() throws IOException {
        assertTrue(client.call("SCAN", "0", "MATCH", prefix + "*").startsWith("*2\r\n"));
        proxy.rejectScan(true);
        assertEquals("-ERR unknown command 'SCAN'\r\n", client.call("SCAN", "0"));
        assertTrue(client.call("KEYS", prefix + "*").startsWith("*"));
        proxy.rejectScan(false);
        assertTrue(client.call("SCAN", "0").startsWith("*2\r\n"));
    }

    @Test
    void authIsPasswordOnlyAndWordedAsBeforeRedis6() throws IOException {
        assertEquals("-ERR wrong number of arguments for 'auth' command\r\n",
                client.call("AUTH", "default", "secret"));
        // the shared Redis has no password
        assertEquals("-ERR Client sent AUTH, but no password is set\r\n", client.call("AUTH", "secret"));
    }

    @Test
    void pipelinedRepliesComeBackInOrderWithLocalRefusalsInPlace() throws IOException {
        String counter = key("pipeline");
        StringBuilder pipeline = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            pipeline.append(i % 50 == 49 ? "*1\r\n$5\r\nHELLO\r\n" : "*2\r\n$4\r\nINCR\r\n$" + counter.length()
                    + "\r\n" + counter + "\r\n");
        }
        client.sendRaw(pipeline.toString());
        int expected = 0;
        for (int i = 0; i < 200; i++) {
            String reply = client.reply();
            if (i % 50 == 49) {
                assertEquals("-ERR unknown command 'HELLO'\r\n", reply);
            } else {
                assertEquals(":" + ++expected + "\r\n", reply);
            }
        }
    }

    @Test
    void inlineCommandsWork() throws IOException {
        client.sendRaw("PING\r\n");
        assertEquals("+PONG\r\n", client.reply());
        client.sendRaw("hello 3\r\n");
        assertEquals("-ERR unknown command 'hello'\r\n", client.reply());
    }

    @Test
    void manyConnectionsAtOnceEachGetTheirOwnReplies() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                String counter = key("concurrent-" + t);
                results.add(pool.submit(() -> {
                    try (RawRespClient own = new RawRespClient(proxy.host(), proxy.port())) {
                        String last = null;
                        for (int i = 0; i < 300; i++) {
                            last = own.call("INCRBY", counter, "2");
                        }
                        return last;
                    }
                }));
            }
            for (Future<String> result : results) {
                assertEquals(":600\r\n", result.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(proxy.connectionsAccepted() >= 9);
    }

    @Test
    void subscribersReceivePublishedMessages() throws IOException {
        String channel = prefix + "channel";
        try (RawRespClient subscriber = new RawRespClient(proxy.host(), proxy.port())) {
            assertEquals("*3\r\n$9\r\nsubscribe\r\n$" + channel.length() + "\r\n" + channel + "\r\n:1\r\n",
                    subscriber.call("SUBSCRIBE", channel));
            assertEquals(":1\r\n", client.call("PUBLISH", channel, "hi"));
            assertEquals("*3\r\n$7\r\nmessage\r\n$" + channel.length() + "\r\n" + channel + "\r\n$2\r\nhi\r\n",
                    subscriber.reply());
        }
    }

    @Test
    void droppedConnectionsAreClosedForTheClient() throws IOException {
        assertEquals("+PONG\r\n", client.call("PING"));
        proxy.dropConnections();
        int next;
        try {
            next = client.readByte();
        } catch (IOException reset) {
            next = -1;
        }
        assertEquals(-1, next, "the client's connection was closed");
        try (RawRespClient again = new RawRespClient(proxy.host(), proxy.port())) {
            assertEquals("+PONG\r\n", again.call("PING"));
        }
    }
}
