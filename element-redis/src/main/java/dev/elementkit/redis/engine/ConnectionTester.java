package dev.elementkit.redis.engine;

import dev.elementkit.cache.spi.ConnectionTest;
import dev.elementkit.platform.connection.ConnectionTestResult;
import dev.elementkit.platform.connection.TestCode;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.ArrayOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.resource.ClientResources;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * One connection test: opens its own plain (non-reconnecting, unauthenticated) connections so that each step can be
 * timed and blamed on its own, and closes them at the end. Not thread-safe: one test, one thread.
 */
final class ConnectionTester {

    private static final String RESOLVE = "resolve";
    private static final String CONNECT = "connect";
    private static final String TLS_HANDSHAKE = "TLS handshake";
    private static final String AUTHENTICATE = "authenticate";
    private static final String PING = "PING";
    private static final String INFO = "INFO";
    private static final String CONNECT_SENTINEL = "connect to sentinel";
    private static final String AUTHENTICATE_SENTINEL = "authenticate to sentinel";
    private static final String FIND_MASTER = "find master";
    private static final String CLUSTER = "CLUSTER INFO";
    private static final String CLIENT_TRACKING = "client tracking";

    private final EngineOptions options;
    private final ClientResources resources;
    private final RedisSettings settings;
    private final boolean nearCache;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private ConnectionTest test;

    /** @param nearCache whether the element keeps a near cache, which needs the server to track keys */
    ConnectionTester(EngineOptions options, ClientResources resources, RedisSettings settings, boolean nearCache) {
        this.options = options;
        this.resources = resources;
        this.settings = settings;
        this.nearCache = nearCache;
    }

    ConnectionTestResult run(Duration timeout) {
        test = ConnectionTest.start(timeout, this::classify, plannedSteps());
        test.detail("mode", settings.mode().label());
        test.detail("tls", settings.tls().enabled());
        try {
            resolveAll();
            RedisSettings.Node dataNode = settings.mode() == RedisSettings.Mode.SENTINEL
                    ? findMasterThroughSentinel() : settings.nodes().get(0);
            RedisCommands<String, String> commands = test.step(CONNECT, () -> connect(dataNode),
                    c -> "connected to " + describeNode() + (settings.tls().enabled() ? ", TLS handshake next" : ""));
            if (settings.tls().enabled()) {
                test.step(TLS_HANDSHAKE, () -> handshake(commands), how -> how);
            }
            authenticate(AUTHENTICATE, commands, settings.username(), settings.password());
            test.step(PING, commands::ping, reply -> "the server answered " + reply);
            Map<String, String> info = test.step(INFO, () -> parseInfo(commands.info()), this::describeServer);
            checkMode(info);
            if (settings.mode() == RedisSettings.Mode.CLUSTER) {
                checkCluster(commands);
            } else if (settings.database() != 0) {
                test.step("SELECT", () -> commands.select(settings.database()),
                        ok -> "database " + settings.database() + " is available");
            }
            checkClientTracking(commands);
            options.flavour().inspect(info, test);
            return test.succeeded(options.flavour().nameOf(info, options.serverName()) + " at "
                    + settings.describe() + " is ready ("
                    + info.getOrDefault("redis_version", "unknown version") + ", "
                    + info.getOrDefault("redis_mode", "standalone") + ")");
        } catch (ConnectionTest.StepFailedException e) {
            return test.failed();
        } catch (RuntimeException e) {
            test.detail("error", e.toString());
            return ConnectionTestResult.failedBeforeStart(TestCode.INTERNAL_ERROR,
                    "the connection test failed unexpectedly: " + e);
        } finally {
            closeAll();
        }
    }

    private String[] plannedSteps() {
        List<String> steps = new ArrayList<>(List.of(modeSteps()));
        if (settings.tls().enabled()) {
            steps.add(steps.indexOf(CONNECT) + 1, TLS_HANDSHAKE);
        }
        if (nearCache) {
            steps.add(CLIENT_TRACKING);
        }
        return steps.toArray(String[]::new);
    }

    private String[] modeSteps() {
        return switch (settings.mode()) {
            case STANDALONE -> new String[] {RESOLVE, CONNECT, AUTHENTICATE, PING, INFO};
            case CLUSTER -> new String[] {RESOLVE, CONNECT, AUTHENTICATE, PING, INFO, CLUSTER};
            case SENTINEL -> new String[] {RESOLVE, CONNECT_SENTINEL, AUTHENTICATE_SENTINEL, FIND_MASTER, CONNECT,
                    AUTHENTICATE, PING, INFO};
        };
    }

    /**
     * Lettuce reports a connection as open before TLS has finished, so a certificate the client does not trust
     * would surface on the next command, as if PING had failed. This step sends one and waits: any Redis answer,
     * even NOAUTH, means the handshake is done; an untrusted certificate fails here, named by {@link #classify}.
     */
    private String handshake(RedisCommands<String, String> commands) {
        try {
            commands.ping();
        } catch (RedisCommandExecutionException answered) {
            // The server answered over TLS (it wants a password first): the handshake is done.
        }
        return settings.tls().verifyPeer()
                ? "the server's certificate is trusted by " + trustSource() + " and issued for " + describeNode()
                : "done without checking the server's certificate (ssl_verify_peer is off: for test servers only)";
    }

    /** Where the certificates the client trusts come from, as the messages name it. */
    private String trustSource() {
        return settings.tls().trustStore() == null ? "the JVM's default trust store"
                : "the trust store " + settings.tls().trustStore();
    }

    private void resolveAll() throws ConnectionTest.StepFailedException {
        test.step(RESOLVE, () -> {
            List<String> resolved = new ArrayList<>();
            for (RedisSettings.Node node : settings.nodes()) {
                CompletableFuture<InetAddress> lookup =
                        CompletableFuture.supplyAsync(() -> resolve(node.host()));
                try {
                    InetAddress address = lookup.get(test.remaining().toMillis(), TimeUnit.MILLISECONDS);
                    resolved.add(node.host() + " → " + address.getHostAddress());
                } catch (java.util.concurrent.ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
            return resolved;
        }, resolved -> "resolved " + String.join(", ", resolved));
    }

    private static InetAddress resolve(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new java.util.concurrent.CompletionException(e);
        }
    }

    private RedisSettings.Node findMasterThroughSentinel() throws ConnectionTest.StepFailedException {
        RedisSettings.Node sentinel = settings.nodes().get(0);
        RedisCommands<String, String> commands = test.step(CONNECT_SENTINEL, () -> connect(sentinel),
                c -> "connected to sentinel " + sentinel);
        authenticate(AUTHENTICATE_SENTINEL, commands, null, settings.sentinelPassword());
        Map<String, String> sentinelInfo = test.step("sentinel INFO", () -> parseInfo(commands.info("server")),
                info -> "sentinel runs " + info.getOrDefault("redis_version", "an unknown version"));
        if (!"sentinel".equals(sentinelInfo.get("redis_mode"))) {
            test.fail("sentinel INFO", TestCode.WRONG_MODE, sentinel + " is not a Sentinel (its mode is "
                    + sentinelInfo.getOrDefault("redis_mode", "standalone") + "): list the sentinels' addresses "
                    + "(usually port 26379) in nodes, or set mode to " + sentinelInfo.getOrDefault("redis_mode",
                    "standalone"));
        }
        java.net.InetSocketAddress master = test.step(FIND_MASTER, () -> {
            List<Object> reply = commands.dispatch(SentinelCommand.SENTINEL, new ArrayOutput<>(StringCodec.UTF8),
                    new CommandArgs<>(StringCodec.UTF8).add("get-master-addr-by-name").add(settings.masterName()));
            if (reply == null || reply.size() < 2) {
                throw new IllegalArgumentException("the sentinels monitor no master named '" + settings.masterName()
                        + "': check master_name");
            }
            return new java.net.InetSocketAddress(String.valueOf(reply.get(0)),
                    Integer.parseInt(String.valueOf(reply.get(1))));
        }, address -> "master '" + settings.masterName() + "' is at " + address);
        var inet = master;
        test.detail("master", inet.getHostString() + ":" + inet.getPort());
        return new RedisSettings.Node(inet.getHostString(), inet.getPort());
    }

    private RedisSettings.Node connectedNode;

    /** SENTINEL is not among Lettuce's command keywords for data-node connections. */
    private enum SentinelCommand implements ProtocolKeyword {
        SENTINEL;

        @Override
        public byte[] getBytes() {
            return name().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        }
    }

    private RedisCommands<String, String> connect(RedisSettings.Node node) {
        connectedNode = node;
        RedisClient client = RedisClient.create(resources);
        opened.add(() -> client.shutdown(Duration.ZERO, Duration.ofSeconds(2)));
        Duration connectTimeout = min(settings.connectTimeout(), test.remaining());
        Duration commandTimeout = min(settings.commandTimeout(), test.remaining());
        RedisSettings bounded = new RedisSettings(settings.mode(), settings.nodes(), null, null, 0, settings.tls(),
                commandTimeout, connectTimeout, settings.masterName(), null);
        // A bare connection: no AUTH, no SELECT, no PING in the handshake, no reconnect, so that each of those
        // is a step of its own.
        ClientOptions plain = LettuceSetup.clientOptions(bounded, options, false).mutate()
                .autoReconnect(false)
                .build();
        client.setOptions(plain);
        RedisURI uri = LettuceSetup.dataNode(bounded, node, 0).build();
        StatefulRedisConnection<String, String> connection = client.connect(StringCodec.UTF8, uri);
        opened.add(connection);
        return connection.sync();
    }

    private String describeNode() {
        return connectedNode == null ? settings.describe() : connectedNode.toString();
    }

    /** Without a password there is nothing to try: the step is SKIPPED (not SUCCESSFUL), and says why. */
    private void authenticate(String step, RedisCommands<String, String> commands, String username,
                              dev.elementkit.platform.config.Secret password) throws ConnectionTest.StepFailedException {
        if (password == null) {
            test.skip(step, "no password configured (the next step shows whether the server wants one)");
            return;
        }
        test.step(step, () -> {
            if (username == null) {
                commands.auth(password.reveal());
                return "authenticated with the password";
            }
            commands.auth(username, password.reveal());
            return "authenticated as user '" + username + "'";
        }, how -> how);
    }

    private String describeServer(Map<String, String> info) {
        String version = info.getOrDefault("redis_version", "unknown");
        String mode = info.getOrDefault("redis_mode", "standalone");
        String role = info.getOrDefault("role", "unknown");
        test.detail("server_version", version);
        test.detail("server_mode", mode);
        test.detail("role", role);
        test.detail("server", describeNode());
        return options.serverName() + " " + version + ", mode " + mode + ", role " + role;
    }

    private void checkMode(Map<String, String> info) throws ConnectionTest.StepFailedException {
        String serverMode = info.getOrDefault("redis_mode", "standalone");
        boolean clusterServer = "cluster".equals(serverMode);
        switch (settings.mode()) {
            case CLUSTER -> {
                if (!clusterServer) {
                    test.fail("mode", TestCode.WRONG_MODE, describeNode() + " runs in " + serverMode
                            + " mode, not as a cluster node: set mode to " + serverMode
                            + ("sentinel".equals(serverMode) ? "" : " and give its address as host and port"));
                }
            }
            case STANDALONE, SENTINEL -> {
                if (clusterServer) {
                    test.fail("mode", TestCode.WRONG_MODE, describeNode() + " is a Redis Cluster node: set mode to "
                            + "cluster and list the cluster's nodes (db must then be 0)");
                }
                if ("sentinel".equals(serverMode)) {
                    test.fail("mode", TestCode.WRONG_MODE, describeNode() + " is a Sentinel, not a data node: set "
                            + "mode to sentinel, list the sentinels in nodes and give master_name");
                }
                String role = info.get("role");
                if ("slave".equals(role) || "replica".equals(role)) {
                    test.warn("role", describeNode() + " is a read-only replica: writes will fail; point the element "
                            + "at the master (or use sentinel mode)");
                }
            }
            default -> throw new IllegalStateException(settings.mode().toString());
        }
    }

    private void checkCluster(RedisCommands<String, String> commands) throws ConnectionTest.StepFailedException {
        Map<String, String> cluster = test.step(CLUSTER, () -> parseInfo(commands.clusterInfo()),
                info -> "cluster state " + info.get("cluster_state") + ", " + info.get("cluster_known_nodes")
                        + " nodes, " + info.get("cluster_slots_assigned") + " slots assigned");
        test.detail("cluster_state", cluster.get("cluster_state"));
        test.detail("cluster_known_nodes", cluster.get("cluster_known_nodes"));
        if (!"ok".equals(cluster.get("cluster_state"))) {
            test.fail(CLUSTER, TestCode.PROTOCOL, "the cluster reports state '" + cluster.get("cluster_state")
                    + "': some slots have no reachable master");
        }
    }

    /**
     * With a near cache only: whether the server tracks keys for clients ({@code CLIENT TRACKING}, Redis 6+), which
     * the near cache needs to stay coherent. Turned on and off again on this test's own connection.
     */
    private void checkClientTracking(RedisCommands<String, String> commands) throws ConnectionTest.StepFailedException {
        if (!nearCache) {
            return;
        }
        test.step(CLIENT_TRACKING, () -> {
            try {
                commands.clientTracking(io.lettuce.core.TrackingArgs.Builder.enabled());
                commands.clientTracking(io.lettuce.core.TrackingArgs.Builder.enabled(false));
            } catch (RedisCommandExecutionException e) {
                test.detail("client_tracking", false);
                throw new TrackingRefused(trackingRefusal(String.valueOf(e.getMessage())));
            }
            test.detail("client_tracking", true);
            return true;
        }, supported -> "the server tracks the keys a client reads (CLIENT TRACKING), which keeps the near cache "
                + "coherent");
    }

    private ConnectionTest.Failure trackingRefusal(String refusal) {
        if (refusal.toUpperCase(Locale.ROOT).startsWith("NOPERM")) {
            return new ConnectionTest.Failure(TestCode.AUTH_FAILED, "the user may not turn on client tracking ("
                    + firstWord(refusal) + "), which the near cache needs: grant +client|tracking and +hello in the "
                    + "user's ACL, or set near_cache to false");
        }
        return new ConnectionTest.Failure(TestCode.PROTOCOL, options.serverName() + " at " + describeNode()
                + " does not support client tracking (CLIENT TRACKING answered: " + refusal + "), which the near "
                + "cache needs to stay coherent: set near_cache to false, or use Redis 6 or newer");
    }

    /** The server refused CLIENT TRACKING: carries the failure as it is to be reported. */
    private static final class TrackingRefused extends RuntimeException {
        private final ConnectionTest.Failure failure;

        TrackingRefused(ConnectionTest.Failure failure) {
            super(failure.explanation(), null, false, false);
            this.failure = failure;
        }
    }

    static Map<String, String> parseInfo(String text) {
        Map<String, String> info = new LinkedHashMap<>();
        if (text == null) {
            return info;
        }
        for (String line : text.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (line.isEmpty() || line.startsWith("#") || colon <= 0) {
                continue;
            }
            info.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
        return info;
    }

    private ConnectionTest.Failure classify(Throwable failure) {
        if (failure instanceof TrackingRefused refused) {
            return refused.failure;
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = String.valueOf(t.getMessage());
            String upper = message.toUpperCase(Locale.ROOT);
            if (t instanceof UnknownHostException) {
                String host = String.valueOf(t.getMessage());
                host = host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
                return new ConnectionTest.Failure(TestCode.UNKNOWN_HOST, "the host name '" + host
                        + "' does not resolve: check host (and nodes)");
            }
            if ((t instanceof SSLException || t instanceof CertificateException) && upper.contains("PKIX")) {
                // The JDK's "PKIX path building failed: sun.security..." says, in words: not trusted.
                return new ConnectionTest.Failure(TestCode.TLS_FAILED, "the server's certificate is not trusted by "
                        + trustSource() + " (no authority it holds signed it): put the server's CA certificate in "
                        + (settings.tls().trustStore() == null ? "a PEM file and name it in ssl_trust_store"
                        : "that trust store or name another in ssl_trust_store")
                        + ", or, for a test server only, turn off ssl_verify_peer");
            }
            if (t instanceof SSLException || t instanceof CertificateException) {
                return new ConnectionTest.Failure(TestCode.TLS_FAILED, "the TLS handshake failed: " + message
                        + ". Check that the server speaks TLS on this port, that its certificate is trusted (trust "
                        + "store) and issued for this host name");
            }
            if (t instanceof io.netty.channel.ConnectTimeoutException || t instanceof RedisCommandTimeoutException
                    || t instanceof TimeoutException) {
                return new ConnectionTest.Failure(TestCode.TIMEOUT, "no answer within the time limit from "
                        + describeNode() + ": " + message + ". Check host, port and firewalls, or raise the timeouts");
            }
            if (t instanceof ConnectException || t instanceof NoRouteToHostException
                    || upper.contains("CONNECTION REFUSED")) {
                return new ConnectionTest.Failure(TestCode.UNREACHABLE, "nothing accepts connections at "
                        + describeNode() + ": check the IP address or host name and the port, and that the server runs");
            }
            if (t instanceof RedisCommandExecutionException) {
                if (upper.startsWith("WRONGPASS") || upper.startsWith("NOAUTH") || upper.contains("INVALID PASSWORD")
                        || upper.contains("INVALID USERNAME") || upper.contains("AUTH") && upper.contains("ERR")) {
                    return new ConnectionTest.Failure(TestCode.AUTH_FAILED, "the server refused the credentials ("
                            + firstWord(message) + "): username or password error");
                }
                if (upper.startsWith("NOPERM")) {
                    return new ConnectionTest.Failure(TestCode.AUTH_FAILED, "the user may not run this command ("
                            + message + "): grant it in the user's ACL");
                }
                if (upper.contains("DB INDEX") || upper.contains("SELECT")) {
                    return new ConnectionTest.Failure(TestCode.INVALID_CONFIG, "the server refused database "
                            + settings.database() + " (" + message + "): choose a smaller db");
                }
                return new ConnectionTest.Failure(TestCode.PROTOCOL, "the server answered an error: " + message);
            }
            if (t instanceof IllegalArgumentException && upper.contains("MASTER_NAME")) {
                return new ConnectionTest.Failure(TestCode.INVALID_CONFIG, message);
            }
            boolean closed = t instanceof ClosedChannelException || upper.contains("CONNECTION CLOSED")
                    || upper.contains("CONNECTION RESET") || upper.contains("CONNECTION DISCONNECTED")
                    || upper.contains("CURRENTLY NOT CONNECTED") // Lettuce, when the hang-up came before the command
                    || t instanceof io.lettuce.core.protocol.RedisProtocolException;
            if (closed && !settings.tls().enabled()) {
                // A Redis server that refuses a client says why first (-ERR max clients, -DENIED), which is
                // classified above; hanging up without a Redis answer is what an HTTP or SSH port does.
                return new ConnectionTest.Failure(TestCode.PROTOCOL, "this port does not speak the Redis protocol: "
                        + describeNode() + " closed the connection without a Redis answer. Check the port (if the "
                        + "server only accepts TLS, set ssl to true)");
            }
            if (closed) {
                return new ConnectionTest.Failure(TestCode.TLS_FAILED, "the server closed the connection during TLS"
                        + (t.getMessage() == null ? "" : ": " + t.getMessage())
                        + ". Check that it speaks TLS on this port");
            }
        }
        return new ConnectionTest.Failure(TestCode.PROTOCOL, "unexpected failure: " + failure);
    }

    private static String firstWord(String message) {
        int space = message.indexOf(' ');
        return space < 0 ? message : message.substring(0, space);
    }

    private static Duration min(Duration a, Duration b) {
        Duration smaller = a.compareTo(b) <= 0 ? a : b;
        return smaller.isZero() ? Duration.ofMillis(1) : smaller;
    }

    private void closeAll() {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception ignored) {
                // best effort: a test never fails on cleanup
            }
        }
        opened.clear();
    }
}
