package dev.elementkit.devportal.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} of the test's own on a free loopback port, with a password, in a temp folder, so that a
 * password can be tested end to end without touching the machine's shared Redis. The caller closes it.
 */
final class RedisServerProcess implements AutoCloseable {

    final int port;
    private final Process process;
    private final Path dir;

    private RedisServerProcess(int port, Process process, Path dir) {
        this.port = port;
        this.process = process;
        this.dir = dir;
    }

    static RedisServerProcess startWithPassword(String password) throws IOException, InterruptedException {
        Path binary = LocalTools.require("/usr/bin/redis-server", "redis-server");
        Path dir = Files.createTempDirectory("devportal-redis-");
        int port = LocalTools.freePort();
        // The password goes in through a config file, not the command line, where `ps` would show it.
        Path conf = dir.resolve("redis.conf");
        Files.writeString(conf, String.join("\n", "port " + port, "bind 127.0.0.1", "requirepass " + password,
                "save \"\"", "appendonly no", "dir " + dir, "") );
        Process process = new ProcessBuilder(List.of(binary.toString(), conf.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        RedisServerProcess server = new RedisServerProcess(port, process, dir);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return server;
            } catch (IOException notYet) {
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(50);
            }
        }
        String log = Files.exists(dir.resolve("redis.log")) ? Files.readString(dir.resolve("redis.log")) : "";
        server.close();
        throw new IllegalStateException("redis-server did not start on port " + port + ": " + log);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        PortalFixture.deleteTree(dir);
    }
}
