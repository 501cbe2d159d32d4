package dev.elementkit.redis.engine;

import dev.elementkit.cache.spi.ConnectionTest;
import java.util.Map;

/**
 * What differs between servers that speak the Redis protocol (Redis itself, TongRDS' Redis emulation port) when a
 * connection is tested: the engine reports version, mode and role for every flavour; a flavour adds its own facts
 * and warnings from the same {@code INFO} answer.
 */
@FunctionalInterface
public interface ServerFlavour {

    /** Redis itself: nothing beyond what the engine reports. */
    ServerFlavour REDIS = (info, test) -> { };

    /**
     * Inspects the server's {@code INFO} fields (name → value, all sections merged) during a connection test.
     * May add details ({@link ConnectionTest#detail}) and warnings ({@link ConnectionTest#warn}); must not throw.
     */
    void inspect(Map<String, String> info, ConnectionTest test);

    /**
     * What the test's headline calls the server, from the same {@code INFO} answer: {@code configuredName} (the
     * element's server, "Redis", "TongRDS") unless the answer shows the server is something else, so that the
     * headline never contradicts a warning {@link #inspect} gave.
     */
    default String nameOf(Map<String, String> info, String configuredName) {
        return configuredName;
    }
}
