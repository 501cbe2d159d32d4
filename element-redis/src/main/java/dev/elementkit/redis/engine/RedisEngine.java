package dev.elementkit.redis.engine;

import dev.elementkit.cache.CacheUnavailableException;
import dev.elementkit.cache.spi.CacheBackend;
import dev.elementkit.platform.connection.ConnectionTestResult;
import dev.elementkit.platform.shared.Lease;
import dev.elementkit.cache.spi.SharedResources;
import dev.elementkit.redis.nearcache.NearCacheSettings;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Redis engine behind {@code caches.RedisType} and the Types that reuse it (TongRDS): cache backends over
 * Lettuce for standalone, sentinel and cluster deployments, and step-by-step connection tests.
 *
 * <p><b>Ownership.</b> A plugin starts one engine in its {@code start()} and closes it in {@code stop()}. The engine
 * owns Lettuce's {@link ClientResources} (its Netty event loops and timer threads) and every connection it opened;
 * {@link #close()} closes the connections and waits for those threads to end, so that nothing of the plugin keeps
 * running after it is unloaded.
 *
 * <p><b>Sharing.</b> {@link #open} hands out leases: every element whose resolved {@link RedisSettings} are equal
 * shares one thread-safe connection (Lettuce multiplexes commands from all threads on it), closed when the last
 * lease is.
 *
 * <p>Thread-safe.
 */
public final class RedisEngine implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisEngine.class);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

    private final EngineOptions options;
    private final ClientResources resources;
    private final SharedResources<RedisSettings, LettuceBackend> connections = new SharedResources<>();
    private final SharedResources<NearCached, CacheBackend> nearCachedConnections = new SharedResources<>();
    private volatile boolean closed;

    private RedisEngine(EngineOptions options, ClientResources resources) {
        this.options = options;
        this.resources = resources;
    }

    /** Starts an engine; the caller owns it and must {@link #close()} it. */
    public static RedisEngine start(EngineOptions options) {
        return new RedisEngine(options, LettuceSetup.resources());
    }

    /** The options this engine was started with. */
    public EngineOptions options() {
        return options;
    }

    /**
     * A lease on the shared connection for {@code settings}, connecting now if no element holds one. The caller
     * closes the lease (the cache element does, on {@code disconnect()} or {@code close()}).
     *
     * @throws CacheUnavailableException when the server cannot be reached or refuses the credentials, within the
     *                                   connect and command timeouts
     */
    public Lease<? extends CacheBackend> open(RedisSettings settings) throws CacheUnavailableException {
        if (closed) {
            throw new IllegalStateException("the " + options.serverName() + " engine was stopped with its plugin");
        }
        try {
            return connections.acquire(settings, this::connect);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new Failures(where(settings)).notApplied(e.getMessage(), e);
        }
    }

    /**
     * As {@link #open(RedisSettings)}, with a near cache in front when {@code nearCache} is not null: then on a
     * connection of its own (shared with the elements of equal settings and equal near cache), standalone or
     * sentinel mode only.
     *
     * @throws IllegalArgumentException in cluster mode with a near cache (validation refuses that first)
     */
    public Lease<? extends CacheBackend> open(RedisSettings settings, NearCacheSettings nearCache)
            throws CacheUnavailableException {
        if (nearCache == null) {
            return open(settings);
        }
        if (closed) {
            throw new IllegalStateException("the " + options.serverName() + " engine was stopped with its plugin");
        }
        try {
            return nearCachedConnections.acquire(new NearCached(settings, nearCache), this::connectNearCached);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new Failures(where(settings)).notApplied(e.getMessage(), e);
        }
    }

    /**
     * Tests {@code settings} step by step (resolve, connect, authenticate, PING, INFO, and the mode's own steps)
     * on connections of its own, which it closes. Never throws; returns within about {@code timeout}.
     */
    public ConnectionTestResult test(RedisSettings settings, Duration timeout) {
        return test(settings, false, timeout);
    }

    /** As {@link #test(RedisSettings, Duration)}; with {@code nearCache}, also whether the server tracks keys. */
    public ConnectionTestResult test(RedisSettings settings, boolean nearCache, Duration timeout) {
        return new ConnectionTester(options, resources, settings, nearCache).run(timeout);
    }

    /** How many distinct shared connections are open (one per distinct configuration in use). */
    public int openConnections() {
        return connections.size() + nearCachedConnections.size();
    }

    /** Closes every connection, then shuts down Lettuce's threads and waits for them. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        connections.close();
        nearCachedConnections.close();
        try {
            resources.shutdown(0, SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .get(SHUTDOWN_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("Lettuce's threads did not stop cleanly: {}", e.toString());
        }
    }

    private String where(RedisSettings settings) {
        return options.serverName() + " at " + settings.describe();
    }

    private LettuceBackend connect(RedisSettings settings) {
        String where = where(settings);
        Failures failures = new Failures(where);
        if (settings.mode() == RedisSettings.Mode.CLUSTER) {
            RedisClusterClient client = RedisClusterClient.create(resources, LettuceSetup.uris(settings));
            client.setOptions(LettuceSetup.clusterOptions(settings, options));
            // The topology first (the seeds' CLUSTER NODES), as the blocking connect() does by itself.
            StatefulRedisClusterConnection<String, String> connection = await(client.refreshPartitionsAsync()
                    .thenCompose(loaded -> client.connectAsync(StringCodec.UTF8)).toCompletableFuture(),
                    client, settings, failures);
            // One node's memory says nothing about a cluster's: only the connected state there.
            return new LettuceBackend(connection.sync(), connection.async(), connection::isOpen, () -> {
                connection.close();
                client.shutdown(Duration.ZERO, SHUTDOWN_TIMEOUT);
            }, where, settings.commandTimeout(), options.keysFallback(),
                    new ServerGauges(null, connection::isOpen, resources.eventExecutorGroup(), Duration.ZERO));
        }
        return connectStandalone(settings, LettuceSetup.clientOptions(settings, options, true)).backend();
    }

    /** A standalone or sentinel-managed connection, its client and the backend that owns both. */
    private record Standalone(RedisClient client, StatefulRedisConnection<String, String> connection,
                              LettuceBackend backend) {
    }

    private Standalone connectStandalone(RedisSettings settings, ClientOptions clientOptions) {
        String where = where(settings);
        RedisClient client = RedisClient.create(resources);
        client.setOptions(clientOptions);
        StatefulRedisConnection<String, String> connection = await(
                client.connectAsync(StringCodec.UTF8, LettuceSetup.uris(settings).get(0)).toCompletableFuture(),
                client, settings, new Failures(where));
        LettuceBackend backend = new LettuceBackend(connection.sync(), connection.async(), connection::isOpen, () -> {
            connection.close();
            client.shutdown(Duration.ZERO, SHUTDOWN_TIMEOUT);
        }, where, settings.commandTimeout(), options.keysFallback(),
                new ServerGauges(connection.async(), connection::isOpen, resources.eventExecutorGroup(),
                        settings.commandTimeout()));
        return new Standalone(client, connection, backend);
    }

    /**
     * A near-cached backend: a connection of its own speaking RESP3, whatever the engine's protocol, because the
     * server's invalidations come as RESP3 push messages ({@link NearCacheConnection}).
     */
    private CacheBackend connectNearCached(NearCached key) {
        RedisSettings settings = key.settings();
        if (settings.mode() == RedisSettings.Mode.CLUSTER) {
            throw new IllegalArgumentException("the near cache is not available in cluster mode");
        }
        ClientOptions resp3 = LettuceSetup.clientOptions(settings, options, true).mutate()
                .protocolVersion(ProtocolVersion.RESP3)
                .build();
        Standalone standalone = connectStandalone(settings, resp3);
        return NearCacheConnection.wire(standalone.client(), standalone.connection(), standalone.backend(),
                new Failures(where(settings)), settings.commandTimeout(), key.nearCache(),
                resources.eventExecutorGroup());
    }

    /** The sharing key of near-cached backends: elements share one only when both parts are equal. */
    private record NearCached(RedisSettings settings, NearCacheSettings nearCache) {
    }

    /**
     * Waits for a connection at most {@link LettuceSetup#connectionDeadline}: Lettuce bounds each step on its own
     * (TCP connect, each handshake command, the sentinel's or seed's answer), but not their sum. On failure or
     * timeout the client is shut down, which also closes a connection that completes later.
     */
    private static <C extends StatefulConnection<String, String>> C await(
            CompletableFuture<C> connecting, AbstractRedisClient client, RedisSettings settings, Failures failures) {
        Duration deadline = LettuceSetup.connectionDeadline(settings);
        try {
            return connecting.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            client.shutdownAsync(0, SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            throw failures.notApplied("no connection within " + deadline.toMillis() + " ms (socket_connect_timeout "
                    + "+ socket_timeout" + (settings.mode() == RedisSettings.Mode.STANDALONE ? "" : ", twice,")
                    + " + " + LettuceSetup.CONNECT_MARGIN.toMillis() + " ms)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.shutdownAsync(0, SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            throw failures.notApplied("interrupted while connecting", e);
        } catch (ExecutionException e) {
            client.shutdownAsync(0, SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Throwable cause = e.getCause();
            throw failures.connectFailed(cause instanceof RuntimeException runtime ? runtime
                    : new RedisConnectionException(String.valueOf(cause.getMessage()), cause));
        }
    }
}
