package dev.elementkit.tongrds.testing;

import java.util.Locale;
import java.util.Set;

/**
 * The commands TongRDS V2.2 documents on its Redis emulation port (REFERENCE.md §4, "tested with Jedis"), spelled
 * out: "lists, sets, hashes, sorted sets" become their classic (Redis 3.2-era) commands. Left out on purpose:
 * {@code SSCAN}, {@code HSCAN} and {@code LREM}, which the vendor's own test code marks unsupported, and every
 * command the list does not name ({@code HELLO}, {@code CLIENT}, {@code COMMAND}, {@code READONLY}, {@code DECR},
 * {@code EVALSHA}, {@code WATCH}, {@code ROLE}, {@code CONFIG}…). {@code CLUSTER} is allowed only with
 * {@code INFO}, {@code SLOTS} and {@code NODES}.
 */
public final class VendorCommands {

    private static final Set<String> COMMANDS = Set.of(
            // connection and server
            "PING", "AUTH", "SELECT", "INFO", "DBSIZE", "FLUSHDB", "ECHO", "TIME",
            // Jedis sends QUIT when it closes a connection, and the vendor tested with Jedis
            "QUIT",
            // keys
            "EXISTS", "EXPIRE", "PEXPIRE", "TTL", "PTTL", "DEL", "KEYS", "SCAN", "TYPE", "UNLINK", "PERSIST",
            // strings
            "SET", "SETEX", "SETNX", "GET", "INCR", "INCRBY", "INCRBYFLOAT", "DECRBY", "MGET", "MSET", "GETEX",
            // lists
            "LPUSH", "RPUSH", "LPUSHX", "RPUSHX", "LPOP", "RPOP", "LLEN", "LRANGE", "LINDEX", "LSET", "LTRIM",
            "LINSERT", "BLPOP", "BRPOP", "RPOPLPUSH",
            // sets
            "SADD", "SREM", "SMEMBERS", "SISMEMBER", "SCARD", "SPOP", "SRANDMEMBER", "SMOVE", "SINTER", "SUNION",
            "SDIFF", "SINTERSTORE", "SUNIONSTORE", "SDIFFSTORE",
            // hashes
            "HSET", "HSETNX", "HGET", "HMSET", "HMGET", "HGETALL", "HDEL", "HEXISTS", "HKEYS", "HVALS", "HLEN",
            "HINCRBY", "HINCRBYFLOAT",
            // sorted sets
            "ZADD", "ZREM", "ZSCORE", "ZCARD", "ZCOUNT", "ZINCRBY", "ZRANGE", "ZREVRANGE", "ZRANGEBYSCORE",
            "ZREVRANGEBYSCORE", "ZRANK", "ZREVRANK", "ZREMRANGEBYRANK", "ZREMRANGEBYSCORE",
            // scripting and transactions
            "EVAL", "MULTI", "EXEC", "DISCARD",
            // publish/subscribe
            "PUBLISH", "SUBSCRIBE", "UNSUBSCRIBE", "PSUBSCRIBE", "PUNSUBSCRIBE",
            // cluster mode, with the sub-commands below only
            "CLUSTER");

    private static final Set<String> CLUSTER_SUBCOMMANDS = Set.of("INFO", "SLOTS", "NODES");

    private VendorCommands() {
    }

    /** True when TongRDS documents {@code command} (with {@code subcommand}, for {@code CLUSTER}). */
    public static boolean supports(String command, String subcommand) {
        String name = command.toUpperCase(Locale.ROOT);
        if (!COMMANDS.contains(name)) {
            return false;
        }
        return !"CLUSTER".equals(name)
                || subcommand != null && CLUSTER_SUBCOMMANDS.contains(subcommand.toUpperCase(Locale.ROOT));
    }

    /** Every documented command name (upper case). */
    public static Set<String> all() {
        return COMMANDS;
    }
}
