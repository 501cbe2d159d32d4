package dev.elementkit.redis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A master watched by one sentinel (quorum 1), on free loopback ports. */
public final class RedisSentinels implements AutoCloseable {

    private final RedisServer master;
    private final RedisServer sentinel;
    private final String masterName;

    private RedisSentinels(RedisServer master, RedisServer sentinel, String masterName) {
        this.master = master;
        this.sentinel = sentinel;
        this.masterName = masterName;
    }

    static RedisSentinels start(String masterName, String password, String sentinelPassword) {
        RedisServer master = password == null ? RedisServers.standalone() : RedisServers.withPassword(password);
        try {
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
            return new RedisSentinels(master, sentinel, masterName);
        } catch (IOException e) {
            master.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            master.close();
            throw e;
        }
    }

    public RedisServer master() {
        return master;
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
        master.close();
    }
}
