package dev.elementkit.memcached;

import dev.elementkit.cache.spi.ConnectionTest;
import dev.elementkit.platform.connection.ConnectionTestResult;
import dev.elementkit.platform.connection.TestCode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The Test Connection action of {@code caches.MemcachedType}, on every configured server in turn: connect (and
 * authenticate), read the version, read the item size limit and eviction settings, then write, read back and delete
 * a probe entry with the meta commands the cache relies on. Its own connections, always closed; every wait is
 * bounded by what is left of the test's timeout.
 */
final class MemcachedConnectionTest {

    private static final String CONNECT = "connect";
    private static final String VERSION = "version";
    private static final String SETTINGS = "settings";
    private static final String PROBE = "write and read";

    private final MemcachedTarget target;
    private final Duration timeout;
    private ServerAddress current;

    MemcachedConnectionTest(MemcachedTarget target, Duration timeout) {
        this.target = target;
        this.timeout = timeout;
    }

    ConnectionTestResult run() {
        ConnectionTest test = ConnectionTest.start(timeout, this::classify, CONNECT, VERSION, SETTINGS, PROBE);
        test.detail("servers", target.servers().stream().map(ServerAddress::toString).toList());
        List<MetaConnection> connections = new ArrayList<>();
        try {
            test.step(CONNECT, () -> {
                for (ServerAddress server : target.servers()) {
                    current = server;
                    Duration left = test.remaining();
                    MetaConnection connection = new MetaConnection(server, target,
                            min(target.connectTimeout(), left), left);
                    connections.add(connection);
                    connection.connect();
                }
                return null;
            }, ignored -> "connected to " + target.servers().size() + " server(s)"
                    + (target.authenticates() ? " and authenticated" : ""));
            Map<String, String> versions = new LinkedHashMap<>();
            test.step(VERSION, () -> {
                for (MetaConnection connection : connections) {
                    current = connection.address();
                    versions.put(current.toString(), connection.version());
                }
                return versions;
            }, v -> "Memcached " + String.join(", ", new java.util.LinkedHashSet<>(v.values())));
            test.detail("version", versions.size() == 1 ? versions.values().iterator().next() : versions);
            test.step(SETTINGS, () -> {
                long itemSizeMax = Long.MAX_VALUE;
                for (MetaConnection connection : connections) {
                    current = connection.address();
                    Map<String, String> settings = connection.stats("settings");
                    itemSizeMax = Math.min(itemSizeMax, Long.parseLong(settings.getOrDefault("item_size_max", "0")));
                    test.detail("evictions", settings.get("evictions"));
                    test.detail("memory_limit_bytes", settings.get("maxbytes"));
                    test.detail("evicted_items", connection.stats("").get("evictions"));
                }
                test.detail("item_size_max", itemSizeMax);
                return itemSizeMax;
            }, limit -> "values up to " + limit + " bytes (item_size_max)");
            test.step(PROBE, () -> {
                for (MetaConnection connection : connections) {
                    current = connection.address();
                    probe(connection);
                }
                return null;
            }, ignored -> "wrote, read back and deleted a probe entry on every server");
            return test.succeeded(target.where() + " is ready");
        } catch (ConnectionTest.StepFailedException e) {
            return test.failed();
        } finally {
            connections.forEach(MetaConnection::close);
        }
    }

    private static void probe(MetaConnection connection) throws IOException {
        String key = "elementkit-connection-test:" + UUID.randomUUID();
        // Expiring, so that the probe goes away even if the delete below never runs.
        connection.set(key, "probe", 60, 0, false);
        MetaConnection.MetaValue read = connection.get(key);
        if (read == null || !"probe".equals(read.value())) {
            throw new MetaConnection.ProtocolException(connection.address() + " did not give back the probe entry "
                    + "it stored (is it out of memory?)");
        }
        connection.delete(key);
    }

    private ConnectionTest.Failure classify(Throwable e) {
        String where = current == null ? target.where() : "Memcached " + current;
        if (e instanceof UnknownHostException) {
            return new ConnectionTest.Failure(TestCode.UNKNOWN_HOST, "the host of " + where + " does not resolve");
        }
        if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            return new ConnectionTest.Failure(TestCode.UNREACHABLE, "nothing accepts connections at " + where
                    + " (connection refused): check the servers list, and that memcached runs");
        }
        if (e instanceof SocketTimeoutException) {
            return new ConnectionTest.Failure(TestCode.TIMEOUT, where + " did not answer in time: check that this "
                    + "is a Memcached port and that no firewall drops packets");
        }
        if (e instanceof MetaConnection.AuthenticationException auth) {
            return new ConnectionTest.Failure(TestCode.AUTH_FAILED, auth.getMessage());
        }
        if (e instanceof MetaConnection.ProtocolException protocol) {
            return new ConnectionTest.Failure(TestCode.PROTOCOL, protocol.getMessage());
        }
        if (e instanceof java.io.EOFException) {
            return new ConnectionTest.Failure(TestCode.PROTOCOL, where + " closed the connection: a server started "
                    + "with binary SASL (-S) refuses the text protocol; use memcached -Y (text authentication)");
        }
        if (e instanceof IOException io) {
            return new ConnectionTest.Failure(TestCode.UNREACHABLE, "cannot talk to " + where + ": " + io.getMessage());
        }
        return new ConnectionTest.Failure(TestCode.INTERNAL_ERROR, "unexpected failure on " + where + ": " + e);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
