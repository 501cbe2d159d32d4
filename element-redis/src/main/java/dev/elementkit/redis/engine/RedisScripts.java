package dev.elementkit.redis.engine;

/**
 * The Lua scripts behind the atomic cache calls. Each touches one key (so a cluster routes it to one slot) and
 * calls only commands of Redis 3.2 that TongRDS lists (GET, DEL, EXISTS, INCRBY, PEXPIRE, TIME, sorted sets), so
 * the same script runs on Redis 7 and on a TongRDS emulation port. Numbers cross the Lua boundary as text where
 * Lua's doubles would round them (counters near the 64-bit limit).
 */
final class RedisScripts {

    /** GETDEL without GETDEL (Redis 6.2+; TongRDS has none). */
    static final String GET_AND_DELETE = """
            local value = redis.call('GET', KEYS[1])
            if value then redis.call('DEL', KEYS[1]) end
            return value""";

    /**
     * INCRBY, and PEXPIRE only when this call created the key. INCRBY's error (not an integer, overflow) aborts
     * the script before anything was written. Returns the new value as text, read back with GET.
     */
    static final String INCR_EXPIRING = """
            local existed = redis.call('EXISTS', KEYS[1])
            redis.call('INCRBY', KEYS[1], ARGV[1])
            if existed == 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
            return redis.call('GET', KEYS[1])""";

    /** Lock release: only the owner's token deletes. */
    static final String DELETE_IF_EQUALS = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0""";

    /** Lock extension: only the owner's token extends. */
    static final String EXPIRE_IF_EQUALS = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
            return 0""";

    /**
     * The sliding-window log of {@code SlidingWindowLog} on a sorted set: scores are admission times in ms by the
     * server's clock (one clock for every host), members unique tokens from the caller. ARGV: limit, window ms,
     * token. Returns {admitted 1/0, remaining, retry-after ms}. {@code replicate_commands} lets a Redis before 5
     * write after reading TIME; later versions do so anyway.
     */
    static final String RATE_LIMIT = """
            if redis.replicate_commands then redis.replicate_commands() end
            local limit = tonumber(ARGV[1])
            local window = tonumber(ARGV[2])
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
            local count = redis.call('ZCARD', KEYS[1])
            if count < limit then
              redis.call('ZADD', KEYS[1], now, ARGV[3])
              redis.call('PEXPIRE', KEYS[1], window)
              return {1, limit - count - 1, 0}
            end
            local oldest = redis.call('ZRANGE', KEYS[1], count - limit, count - limit, 'WITHSCORES')
            local retry = tonumber(oldest[2]) + window - now + 1
            if retry < 1 then retry = 1 end
            return {0, 0, retry}""";

    private RedisScripts() {
    }
}
