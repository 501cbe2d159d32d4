package dev.elementkit.redis.engine;

import io.lettuce.core.protocol.ProtocolVersion;
import java.util.Objects;

/**
 * How a {@link RedisEngine} talks to its servers: the knobs that differ between Redis and Redis-compatible
 * servers such as TongRDS.
 *
 * @param serverName   what people call the server, in messages ({@code Redis}, {@code TongRDS})
 * @param protocol     the RESP version to speak. Pinning {@link ProtocolVersion#RESP2} means Lettuce never sends
 *                     {@code HELLO}: a RESP2-era server is then never asked something it may answer in an
 *                     unexpected way (Lettuce's fallback depends on the exact error text), and authentication
 *                     is a plain {@code AUTH}. A string cache gains nothing from RESP3.
 * @param keysFallback when the server has no {@code SCAN}, list keys with {@code KEYS} on the app's prefix
 *                     (detected once per connection, logged as a warning); when false, a missing {@code SCAN}
 *                     is an error. Redis always has {@code SCAN}: keep false there, since {@code KEYS} blocks.
 * @param flavour      server-specific facts and warnings for connection tests
 */
public record EngineOptions(String serverName, ProtocolVersion protocol, boolean keysFallback,
                            ServerFlavour flavour) {

    public EngineOptions {
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(protocol, "protocol");
        flavour = flavour == null ? ServerFlavour.REDIS : flavour;
    }

    /** Redis: RESP2 (see {@link #protocol}), {@code SCAN} required. */
    public static EngineOptions redis() {
        return new EngineOptions("Redis", ProtocolVersion.RESP2, false, ServerFlavour.REDIS);
    }
}
