package dev.elementkit.redis.engine;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.resource.DefaultClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Lettuce objects built from {@link RedisSettings}: the one place where our choices of Lettuce options live. */
final class LettuceSetup {

    /**
     * How long unacknowledged data may stay on a connection before the kernel drops it (TCP_USER_TIMEOUT, epoll
     * only), and how soon an idle connection is probed. Without them, a server that vanishes without a reset
     * (power loss, a cable, a firewall dropping packets) is noticed after the kernel's ~15 minutes.
     */
    static final Duration TCP_USER_TIMEOUT = Duration.ofSeconds(5);
    static final Duration KEEPALIVE_IDLE = Duration.ofSeconds(5);
    static final Duration KEEPALIVE_INTERVAL = Duration.ofSeconds(1);
    static final int KEEPALIVE_PROBES = 3;

    /**
     * Reconnect attempts back off exponentially but never wait more than this, so that an element works again
     * within about a second of the server's return (Lettuce's default grows to 30 s).
     */
    static final Duration MAX_RECONNECT_DELAY = Duration.ofMillis(500);

    /** What connecting may take beyond the configured timeouts: scheduling and the event loop's hand-over. */
    static final Duration CONNECT_MARGIN = Duration.ofMillis(250);

    private LettuceSetup() {
    }

    /**
     * The handshake's time limit (AUTH, SELECT, PING; Lettuce bounds it by the URI's timeout): the command timeout,
     * as every other command. A handshake that needs longer needs a longer socket_timeout; it no longer has to be
     * padded, because an element whose first connect fails is unavailable and connects on a later call, not broken.
     */
    static Duration handshakeTimeout(RedisSettings settings) {
        return settings.commandTimeout();
    }

    /**
     * The most that opening a connection may take, by the configuration: connect plus handshake, plus
     * {@link #CONNECT_MARGIN}; twice connect plus handshake in sentinel and cluster mode, where a sentinel or seed
     * node is asked first and the data node connected to second.
     */
    static Duration connectionDeadline(RedisSettings settings) {
        Duration oneHop = settings.connectTimeout().plus(settings.commandTimeout());
        return (settings.mode() == RedisSettings.Mode.STANDALONE ? oneHop : oneHop.multipliedBy(2))
                .plus(CONNECT_MARGIN);
    }

    /**
     * Threads and timers for every connection of one engine, and the flush coalescing that lets concurrent callers
     * share writes on the one connection ({@link FlushCoalescing}). The engine shuts them down.
     */
    static ClientResources resources() {
        return DefaultClientResources.builder()
                .threadFactoryProvider(LettuceSetup::threadsWithOurClassLoader)
                .nettyCustomizer(new FlushCoalescing())
                .reconnectDelay(Delay.exponential(Duration.ofMillis(10), MAX_RECONNECT_DELAY, 2,
                        java.util.concurrent.TimeUnit.MILLISECONDS))
                .build();
    }

    /**
     * Lettuce's threads with this plugin's class loader as context class loader. Lettuce looks some classes up
     * through the context class loader (its JFR events, for one); a thread that inherited the host's loader finds
     * none, or another copy of Lettuce, and reconnecting then fails with "argument type mismatch". Netty's factory
     * makes the fast-thread-local threads its event loops expect.
     */
    private static java.util.concurrent.ThreadFactory threadsWithOurClassLoader(String poolName) {
        ClassLoader ours = LettuceSetup.class.getClassLoader();
        java.util.concurrent.ThreadFactory netty = new io.netty.util.concurrent.DefaultThreadFactory(poolName, true);
        return task -> {
            Thread thread = netty.newThread(task);
            thread.setContextClassLoader(ours);
            return thread;
        };
    }

    /** Where to connect: one URI for standalone, one per seed node for cluster, one sentinel URI for sentinel. */
    static List<RedisURI> uris(RedisSettings settings) {
        List<RedisURI> uris = new ArrayList<>();
        switch (settings.mode()) {
            case STANDALONE -> uris.add(dataNode(settings, settings.nodes().get(0), settings.database()).build());
            case CLUSTER -> settings.nodes().forEach(node -> uris.add(dataNode(settings, node, 0).build()));
            case SENTINEL -> {
                RedisURI.Builder builder = null;
                for (RedisSettings.Node sentinel : settings.nodes()) {
                    CharSequence sentinelPassword = settings.sentinelPassword() == null ? null
                            : settings.sentinelPassword().reveal();
                    if (builder == null) {
                        builder = sentinelPassword == null
                                ? RedisURI.Builder.sentinel(sentinel.host(), sentinel.port(), settings.masterName())
                                : RedisURI.Builder.sentinel(sentinel.host(), sentinel.port(), settings.masterName(),
                                sentinelPassword);
                    } else if (sentinelPassword == null) {
                        builder.withSentinel(sentinel.host(), sentinel.port());
                    } else {
                        builder.withSentinel(sentinel.host(), sentinel.port(), sentinelPassword);
                    }
                }
                // Lettuce makes the master's connection with this URI: no CLIENT SETINFO there either (see dataNode).
                builder.withDatabase(settings.database()).withTimeout(handshakeTimeout(settings))
                        .withLibraryName("").withLibraryVersion("");
                authenticate(builder, settings);
                tls(builder, settings);
                RedisURI uri = builder.build();
                // Nor to the sentinels, which are as old as their data nodes (TongRDS' sentinels document no CLIENT).
                uri.getSentinels().forEach(sentinel -> {
                    sentinel.setLibraryName("");
                    sentinel.setLibraryVersion("");
                });
                uris.add(uri);
            }
            default -> throw new IllegalStateException(settings.mode().toString());
        }
        return uris;
    }

    /** A data node's URI, with credentials, database and TLS. */
    static RedisURI.Builder dataNode(RedisSettings settings, RedisSettings.Node node, int database) {
        RedisURI.Builder builder = RedisURI.Builder.redis(node.host(), node.port())
                .withDatabase(database)
                .withTimeout(handshakeTimeout(settings))
                // No CLIENT SETINFO: Redis before 7.2 and Redis-compatible servers do not know it.
                .withLibraryName("")
                .withLibraryVersion("");
        authenticate(builder, settings);
        tls(builder, settings);
        return builder;
    }

    private static void authenticate(RedisURI.Builder builder, RedisSettings settings) {
        if (settings.password() == null) {
            return;
        }
        if (settings.username() == null) {
            builder.withPassword(settings.password().reveal().toCharArray());
        } else {
            builder.withAuthentication(settings.username(), settings.password().reveal());
        }
    }

    private static void tls(RedisURI.Builder builder, RedisSettings settings) {
        if (settings.tls().enabled()) {
            builder.withSsl(true).withVerifyPeer(settings.tls().verifyPeer() ? SslVerifyMode.FULL : SslVerifyMode.NONE);
        }
    }

    /** Options for standalone and sentinel connections. */
    static ClientOptions clientOptions(RedisSettings settings, EngineOptions options, boolean checkOnConnect) {
        ClientOptions.Builder builder = ClientOptions.builder();
        common(builder, settings, options, checkOnConnect);
        return builder.build();
    }

    /** Options for cluster connections: the same, plus following the cluster's topology as it changes. */
    static ClusterClientOptions clusterOptions(RedisSettings settings, EngineOptions options) {
        ClusterClientOptions.Builder builder = ClusterClientOptions.builder();
        common(builder, settings, options, true);
        builder.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                .enablePeriodicRefresh(Duration.ofSeconds(30))
                .enableAllAdaptiveRefreshTriggers()
                .build());
        return builder.build();
    }

    private static void common(ClientOptions.Builder builder, RedisSettings settings, EngineOptions options,
                               boolean checkOnConnect) {
        builder.protocolVersion(options.protocol())
                // Reconnect by itself, but never queue commands while disconnected: they fail at once as
                // "cache unavailable" instead of piling up in an unbounded buffer. With REJECT_COMMANDS Lettuce
                // also fails (and never replays) commands that were in flight when the connection broke, so a
                // non-idempotent INCR is applied at most once.
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .pingBeforeActivateConnection(checkOnConnect)
                .suspendReconnectOnProtocolFailure(false)
                .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                .socketOptions(socketOptions(settings));
        SslOptions ssl = sslOptions(settings);
        if (ssl != null) {
            builder.sslOptions(ssl);
        }
    }

    static SocketOptions socketOptions(RedisSettings settings) {
        return SocketOptions.builder()
                .connectTimeout(settings.connectTimeout())
                .tcpNoDelay(true)
                .keepAlive(SocketOptions.KeepAliveOptions.builder()
                        .enable()
                        .idle(KEEPALIVE_IDLE)
                        .interval(KEEPALIVE_INTERVAL)
                        .count(KEEPALIVE_PROBES)
                        .build())
                .tcpUserTimeout(SocketOptions.TcpUserTimeoutOptions.builder()
                        .enable()
                        .tcpUserTimeout(TCP_USER_TIMEOUT)
                        .build())
                .build();
    }

    private static SslOptions sslOptions(RedisSettings settings) {
        RedisSettings.Tls tls = settings.tls();
        if (!tls.enabled() || tls.trustStore() == null) {
            return null;
        }
        String name = tls.trustStore().getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        SslOptions.Builder builder = SslOptions.builder().jdkSslProvider();
        if (name.endsWith(".pem") || name.endsWith(".crt") || name.endsWith(".cer")) {
            builder.trustManager(tls.trustStore().toFile());
        } else {
            char[] password = tls.trustStorePassword() == null ? null : tls.trustStorePassword().reveal().toCharArray();
            builder.truststore(SslOptions.Resource.from(tls.trustStore().toFile()), password);
        }
        return builder.build();
    }
}
