package dev.elementkit.redis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A master (and optionally replicas) watched by one sentinel (quorum 1), on free loopback ports.
 *
 * @since 1.0.0
 */
public final class RedisSentinels implements AutoCloseable {

    private final RedisServer master;
    private final List<RedisServer> replicas;
    private final RedisServer sentinel;
    private final String masterName;

    private RedisSentinels(RedisServer master, List<RedisServer> replicas, RedisServer sentinel, String masterName) {
        this.master = master;
        this.replicas = List.copyOf(replicas);
        this.sentinel = sentinel;
        this.masterName = masterName;
    }

    static RedisSentinels start(String masterName, String password, String sentinelPassword, int replicaCount) {
        RedisServer master = password == null ? RedisServers.standalone() : RedisServers.withPassword(password);
        List<RedisServer> replicas = new ArrayList<>();
        try {
            for (int i = 0; i < replicaCount; i++) {
                List<String> args = new ArrayList<>(List.of("--replicaof", "127.0.0.1", String.valueOf(master.port())));
                List<String> cli = new ArrayList<>();
                if (password != null) {
                    // The same password on the replica, so that it serves the element unchanged once promoted.
                    args.addAll(List.of("--masterauth", password, "--requirepass", password));
                    cli.addAll(List.of("--no-auth-warning", "-a", password));
                }
                replicas.add(RedisServers.server(args, cli));
            }
            int port = RedisServers.freePort();
            Path dir = RedisServers.tempDir("sentinel-" + port + "-");
            StringBuilder conf = new StringBuilder()
                    .append("port ").append(port).append('\n')
                    .append("bind 127.0.0.1\n")
                    .append("protected-mode no\n")
                    .append("sentinel monitor ").append(masterName).append(" 127.0.0.1 ").append(master.port())
                    .append(" 1\n")
                    .append("sentinel down-after-milliseconds ").append(masterName).append(" 2000\n")
                    .append("sentinel failover-timeout ").append(masterName).append(" 5000\n");
            if (password != null) {
                conf.append("sentinel auth-pass ").append(masterName).append(' ').append(password).append('\n');
            }
            if (sentinelPassword != null) {
                conf.append("requirepass ").append(sentinelPassword).append('\n');
            }
            Path file = dir.resolve("sentinel.conf");
            Files.writeString(file, conf);
            List<String> cli = sentinelPassword == null ? List.of()
                    : List.of("--no-auth-warning", "-a", sentinelPassword);
            RedisServer sentinel = new RedisServer(dir, port,
                    new ArrayList<>(List.of("redis-server", file.toString(), "--sentinel")), cli, "PONG");
            try {
                sentinel.start();
            } catch (RuntimeException e) {
                sentinel.close();
                throw e;
            }
            return new RedisSentinels(master, replicas, sentinel, masterName);
        } catch (IOException e) {
            replicas.forEach(RedisServer::close);
            master.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            replicas.forEach(RedisServer::close);
            master.close();
            throw e;
        }
    }

    public RedisServer master() {
        return master;
    }

    /** The replicas of the master, in start order. */
    public List<RedisServer> replicas() {
        return replicas;
    }

    public RedisServer sentinel() {
        return sentinel;
    }

    public String masterName() {
        return masterName;
    }

    @Override
    public void close() {
        sentinel.close();
        replicas.forEach(RedisServer::close);
        master.close();
    }
}
