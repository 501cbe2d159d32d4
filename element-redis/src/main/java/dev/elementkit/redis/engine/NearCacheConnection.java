package dev.elementkit.redis.engine;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.elementkit.redis.nearcache.NearCache;
import dev.elementkit.redis.nearcache.NearCacheSettings;
import dev.elementkit.redis.nearcache.TrackedConnection;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.push.PushMessage;
import io.lettuce.core.codec.StringCodec;
import io.netty.util.concurrent.EventExecutorGroup;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The connection of a near-cached element: its own, speaking RESP3 ({@code HELLO 3}) so that the server's
 * invalidations come as push messages on the very connection the reads use, in order with the replies; no second
 * connection whose loss could go unnoticed (RESP2's {@code REDIRECT} to a pub/sub connection needs one). Tracking is
 * the default mode: the server remembers the keys this connection read, which suits a connection shared by the
 * elements of several apps better than broadcasting every write under one prefix.
 *
 * <p>Wires Lettuce to the {@link NearCache}: an {@code invalidate} push drops its keys (a null list means the
 * database was flushed); a disconnect or a reconnect (server restart, failover: Lettuce's sentinel connection asks
 * the sentinels for the master again) ends tracking, and the near cache turns it on again on the new connection
 * before it serves anything locally.
 *
 * <p><b>A server that goes silent</b> (a network partition, a hung host) breaks no connection for seconds, and an
 * element that serves every read locally sends nothing that could notice. So a {@code PING} goes out every
 * {@link #HEARTBEAT}: a reply proves that every invalidation the server sent before it has been handled (one
 * connection, in order); no reply within the command timeout ends tracking like a disconnect. The staleness a silent
 * server can cause is thus bounded by the heartbeat plus the command timeout.
 */
final class NearCacheConnection implements TrackedConnection {

    static final Duration HEARTBEAT = Duration.ofSeconds(1);

    private final StatefulRedisConnection<String, String> connection;
    private final Failures failures;
    private final Duration commandTimeout;
    private volatile ScheduledFuture<?> heartbeat;

    private NearCacheConnection(StatefulRedisConnection<String, String> connection, Failures failures,
                                Duration commandTimeout) {
        this.connection = connection;
        this.failures = failures;
        this.commandTimeout = commandTimeout;
    }

    /**
     * A near cache over {@code network}, which uses {@code connection} (a RESP3 connection made by {@code client},
     * each owned by {@code network}).
     */
    static NearCache wire(RedisClient client, StatefulRedisConnection<String, String> connection,
                          LettuceBackend network, Failures failures, Duration commandTimeout,
                          NearCacheSettings settings, EventExecutorGroup timer) {
        NearCacheConnection tracked = new NearCacheConnection(connection, failures, commandTimeout);
        NearCache nearCache = NearCache.over(network, tracked, settings, Ticker.systemTicker());
        connection.addListener(message -> onPush(message, nearCache));
        client.addListener(new RedisConnectionStateListener() {
            // The client also connects to sentinels to find the master: only this connection's events count.
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                if (handler == connection) {
                    nearCache.trackingLost("the connection was lost");
                }
            }

            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                if (handler == connection) {
                    nearCache.trackingLost("reconnected to " + address);
                }
            }
        });
        tracked.heartbeat = timer.scheduleAtFixedRate(() -> tracked.beat(nearCache), HEARTBEAT.toMillis(),
                HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        return nearCache;
    }

    /** One heartbeat; a failure while connected (a disconnect reports itself) means the server went silent. */
    private void beat(NearCache nearCache) {
        if (!connection.isOpen()) {
            return;
        }
        connection.async().ping().whenComplete((pong, failure) -> {
            if (failure != null) {
                nearCache.trackingLost("no answer to PING: " + failure.getMessage());
            }
        });
    }

    @Override
    public void close() {
        ScheduledFuture<?> running = heartbeat;
        if (running != null) {
            running.cancel(false);
        }
    }

    @SuppressWarnings("unchecked")
    private static void onPush(PushMessage message, NearCache nearCache) {
        if (!"invalidate".equals(message.getType())) {
            return;
        }
        List<Object> content = message.getContent(StringCodec.UTF8::decodeKey);
        Object keys = content.size() > 1 ? content.get(1) : null;
        if (keys instanceof List<?> list) {
            ((List<Object>) list).forEach(key -> nearCache.invalidated(String.valueOf(key)));
        } else {
            nearCache.flushed();
        }
    }

    @Override
    public void enableTracking() {
        try {
            connection.sync().clientTracking(TrackingArgs.Builder.enabled());
        } catch (RuntimeException e) {
            throw failures.translate(e);
        }
    }

    @Override
    public Fetched fetch(String key) {
        RedisAsyncCommands<String, String> async = connection.async();
        RedisFuture<String> value = async.get(key);
        RedisFuture<Long> ttl = async.pttl(key);
        long deadline = System.nanoTime() + 2 * commandTimeout.toNanos();
        try {
            String fetched = value.get(commandTimeout.toNanos() * 2, TimeUnit.NANOSECONDS);
            Long millis = ttl.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return new Fetched(fetched, millis == null ? -2 : millis);
        } catch (ExecutionException e) {
            throw failures.translate(e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException(e.getCause()));
        } catch (TimeoutException e) {
            throw failures.unavailable("no answer to GET within " + commandTimeout.toMillis() * 2 + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failures.unavailable("interrupted while reading", e);
        }
    }
}
