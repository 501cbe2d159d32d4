package dev.elementkit.redis;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.elementkit.redis.engine.RedisSettings;

/** How the Redis deployment is organised, as written in the element's configuration. */
public enum RedisMode {
    @JsonProperty("standalone")
    STANDALONE(RedisSettings.Mode.STANDALONE),
    @JsonProperty("sentinel")
    SENTINEL(RedisSettings.Mode.SENTINEL),
    @JsonProperty("cluster")
    CLUSTER(RedisSettings.Mode.CLUSTER);

    private final RedisSettings.Mode engineMode;

    RedisMode(RedisSettings.Mode engineMode) {
        this.engineMode = engineMode;
    }

    /** The engine's mode. */
    public RedisSettings.Mode engineMode() {
        return engineMode;
    }
}
