package dev.elementkit.redis.engine;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.netty.util.concurrent.EventExecutorGroup;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The server's figures for metrics ({@code redis.connected}, {@code redis.used.memory.bytes}): read at scrape time
 * from what is already known, never from the server. {@code INFO memory} is asked in the background every
 * {@link #REFRESH} on the shared connection, and once when the connection opens, so that the figure exists when the
 * element's gauges are registered.
 *
 * <p>Owned by the backend whose connection it uses; {@link #close()} stops the refresh.
 */
final class ServerGauges implements AutoCloseable {

    static final Duration REFRESH = Duration.ofSeconds(10);

    private final RedisClusterAsyncCommands<String, String> async;
    private final BooleanSupplier connected;
    private final ScheduledFuture<?> refreshing;
    private volatile double usedMemory = Double.NaN;

    /**
     * @param async     the shared connection; null where one server's memory says nothing (a cluster)
     * @param connected whether the connection is up (no I/O)
     */
    ServerGauges(RedisClusterAsyncCommands<String, String> async, BooleanSupplier connected,
                 EventExecutorGroup timer, Duration firstWait) {
        this.async = async;
        this.connected = connected;
        if (async == null) {
            refreshing = null;
            return;
        }
        try {
            refresh().get(firstWait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (Exception e) {
            // Left out until a later refresh finds it: the server may not offer INFO memory (or not now).
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        refreshing = timer.scheduleAtFixedRate(this::refresh, REFRESH.toMillis(), REFRESH.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private java.util.concurrent.CompletableFuture<Void> refresh() {
        if (!connected.getAsBoolean()) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        return async.info("memory").thenAccept(text -> {
            String used = ConnectionTester.parseInfo(text).get("used_memory");
            if (used != null) {
                usedMemory = Double.parseDouble(used);
            }
        }).toCompletableFuture().exceptionally(failure -> null);
    }

    /** The figures now: connected always, used memory once known (the last value while disconnected). */
    Map<String, Double> gauges() {
        Map<String, Double> gauges = new LinkedHashMap<>();
        gauges.put("redis.connected", connected.getAsBoolean() ? 1.0 : 0.0);
        if (!Double.isNaN(usedMemory)) {
            gauges.put("redis.used.memory.bytes", usedMemory);
        }
        return gauges;
    }

    @Override
    public void close() {
        if (refreshing != null) {
            refreshing.cancel(false);
        }
    }
}
