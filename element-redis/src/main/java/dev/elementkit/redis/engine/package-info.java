/**
 * The Redis engine: everything element-redis knows about talking to Redis, exported for the element Types that
 * speak the Redis protocol to other servers (element-tongrds), so that no Redis logic is ever copied.
 *
 * <h2>Reusing it from another plugin</h2>
 * <ol>
 *   <li>Declare the PF4J dependency ({@code Plugin-Dependencies: element-redis}) and a Maven dependency on
 *       element-redis in {@code provided} scope: the classes (and Lettuce, Netty) come from element-redis' class
 *       loader at run time and must not be bundled a second time.</li>
 *   <li>Keep a {@link dev.elementkit.redis.engine.PluginEngine} in a static field of the plugin: {@code start()} it
 *       with the server's {@link dev.elementkit.redis.engine.EngineOptions}, {@code stop()} it in the plugin's
 *       {@code stop()}. Each plugin owns its own engine (threads, connections), so stopping one plugin never affects
 *       the other's elements.</li>
 *   <li>Extend {@link dev.elementkit.redis.engine.RedisProtocolType} with the Type's descriptor and configuration
 *       record, the mapping of that record to {@link dev.elementkit.redis.engine.RedisSettings} (resolve paths
 *       against the app folder), and the plugin's engine: creating elements and testing connections are done.</li>
 * </ol>
 *
 * <h2>What a server flavour can change</h2>
 * <ul>
 *   <li>{@link dev.elementkit.redis.engine.EngineOptions#protocol()}: the RESP version. Both Redis and TongRDS pin
 *       RESP2, so Lettuce never sends {@code HELLO}.</li>
 *   <li>{@link dev.elementkit.redis.engine.EngineOptions#keysFallback()}: when the server answers {@code SCAN} with
 *       "unknown command", list keys with {@code KEYS <app prefix>*} from then on (logged once as a warning).</li>
 *   <li>{@link dev.elementkit.redis.engine.ServerFlavour}: facts and warnings in the connection test from the
 *       server's {@code INFO} (e.g. {@code TongRDS_Version}, or a warning when the server is not the expected one).</li>
 * </ul>
 *
 * <h2>Commands sent</h2>
 * Handshake: {@code AUTH}, {@code SELECT} (standalone and sentinel, database other than 0), {@code PING}; no
 * {@code HELLO} and no {@code CLIENT SETINFO}. Operations: {@code GET}, {@code SET}, {@code SETEX}, {@code INCRBY},
 * {@code PEXPIRE}, {@code PTTL}, {@code EXISTS}, {@code DEL}, {@code SCAN} (or {@code KEYS}), {@code MGET},
 * {@code MSET}, {@code PING}; for the atomic calls {@code SET … NX PX}, {@code UNLINK} (clear, page by page after
 * SCAN) and {@code EVAL} of the one-key scripts in {@code RedisScripts} (never {@code EVALSHA}, which TongRDS lacks).
 * Connection test: also {@code INFO}, {@code CLUSTER INFO}, {@code SENTINEL
 * get-master-addr-by-name}, and with a near cache {@code CLIENT TRACKING on}/{@code off}. Metrics: {@code INFO memory}
 * every 10 s in the background (standalone, sentinel). A near-cached element (Redis only, never TongRDS) has a
 * connection of its own with {@code HELLO 3} in its handshake, {@code CLIENT TRACKING on}, {@code GET} with
 * {@code PTTL} pipelined, and a {@code PING} every second ({@link dev.elementkit.redis.engine.NearCacheConnection}). Cluster connections let Lettuce read the topology ({@code CLUSTER NODES} and, for
 * ordering nodes, {@code CLIENT LIST}).
 *
 * <h2>Failure behaviour</h2>
 * One shared connection per distinct settings; commands fail with {@code CacheUnavailableException} ("cache
 * unavailable: …") within the command timeout while the server is away, are never queued while disconnected and
 * never replayed after a reconnect (a non-idempotent {@code INCR} is applied at most once); the connection
 * reconnects by itself (back-off capped at 500 ms); TCP keepalive and TCP_USER_TIMEOUT (epoll) notice a server that
 * vanished without a reset within seconds.
 */
package dev.elementkit.redis.engine;
