package dev.elementkit.redis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code redis-server} (or sentinel) process started by a test on a free loopback port, in a temp folder of its
 * own. The test owns it and closes it (also on failure); a JVM shutdown hook kills it as a last resort.
 * {@link #kill()} and {@link #restart()} simulate a crash and the server's return on the same port.
 *
 * @since 1.0.0
 */
public final class RedisServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final Path dir;
    private final int port;
    private final List<String> command;
    private final List<String> cliConnection;
    private final String readyReply;
    private Process process;
    private final Thread reaper = new Thread(this::destroyNow, "redis-server-reaper");

    RedisServer(Path dir, int port, List<String> command, List<String> cliConnection, String readyReply) {
        this.dir = dir;
        this.port = port;
        this.command = List.copyOf(command);
        this.cliConnection = List.copyOf(cliConnection);
        this.readyReply = readyReply;
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts the process and waits until it answers PING. */
    RedisServer start() {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile()));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
        awaitReady();
        return this;
    }

    /** The host tests connect to. */
    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:port}. */
    public String address() {
        return host() + ":" + port;
    }

    /** The server's working folder (logs, AOF, cluster files). */
    public Path dir() {
        return dir;
    }

    /** True while the process runs. */
    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Runs {@code redis-cli} against this server (with its credentials and TLS files); its output, trimmed. */
    public String cli(String... args) {
        List<String> cli = new ArrayList<>(List.of("redis-cli", "-h", host(), "-p", String.valueOf(port)));
        cli.addAll(cliConnection);
        cli.addAll(List.of(args));
        return RedisServers.run(cli, Duration.ofSeconds(10));
    }

    /** Kills the process without warning (SIGKILL), as a crash would. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops the process (SIGSTOP), as a hung server or a paused VM: connections stay open, nothing answers. */
    public void pause() {
        signal("STOP");
    }

    /** Lets a {@link #pause() paused} process run again (SIGCONT). */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        if (!isRunning()) {
            throw new IllegalStateException("the server on port " + port + " does not run");
        }
        RedisServers.run(List.of("kill", "-" + name, String.valueOf(process.pid())), Duration.ofSeconds(10));
    }

    /** Starts the server again on the same port with the same arguments, after {@link #kill()}. */
    public void restart() {
        if (isRunning()) {
            throw new IllegalStateException("the server on port " + port + " still runs: kill() it first");
        }
        start();
    }

    /** Stops the process (SIGKILL: nothing of a test server needs saving) and removes its folder. */
    @Override
    public void close() {
        kill();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        RedisServers.deleteQuietly(dir);
    }

    @Override
    public String toString() {
        return "RedisServer[" + address() + "]";
    }

    private void destroyNow() {
        if (process != null) {
            process.destroyForcibly();
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server on port " + port + " exited at start: " + log());
            }
            try {
                last = cli("PING");
                if (last.contains(readyReply)) {
                    return;
                }
            } catch (RuntimeException e) {
                last = e.getMessage();
            }
            sleep(50);
        }
        throw new IllegalStateException("redis-server on port " + port + " did not answer within " + START_TIMEOUT
                + " (last answer: " + last + "); log: " + log());
    }

    /** The end of the server's log, for failure messages. */
    public String log() {
        try {
            Path log = dir.resolve("stdout.log");
            if (!Files.exists(log)) {
                return "(no log)";
            }
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() > 3000 ? text.substring(text.length() - 3000) : text;
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
