package dev.elementkit.redis.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Starts real Redis topologies for tests with the installed {@code redis-server}: standalone, with a password, with
 * an ACL user, with TLS, a 3-master cluster, and a master watched by a sentinel. Each listens on free loopback ports
 * and lives in a temp folder; the caller closes what it gets. Never touches the machine's shared Redis on 6379.
 *
 * <p>Published in element-redis' test-jar for the Types that reuse the engine (element-tongrds).
 *
 * @since 1.0.0
 */
public final class RedisServers {

    private RedisServers() {
    }

    /**
     * Skips the calling test when {@code redis-server} or {@code redis-cli} is missing, saying so loudly, but only
     * outside CI: with env {@code CI} set, a missing binary fails the test.
     */
    public static void requireBinaries() {
        List<String> missing = new ArrayList<>();
        for (String binary : List.of("redis-server", "redis-cli")) {
            if (!onPath(binary)) {
                missing.add(binary);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        String message = "*** " + missing + " not installed (apt-get install redis-server redis-tools) ***";
        if (System.getenv("CI") != null) {
            throw new IllegalStateException(message + " — required in CI");
        }
        System.err.println(message + " — SKIPPING Redis topology tests");
        Assumptions.abort(message);
    }

    /** A plain server; {@code extraArgs} are redis-server options such as {@code --appendonly yes}. */
    public static RedisServer standalone(String... extraArgs) {
        return server(List.of(extraArgs), List.of());
    }

    /** A server with {@code requirepass}. */
    public static RedisServer withPassword(String password) {
        return server(List.of("--requirepass", password), List.of("--no-auth-warning", "-a", password));
    }

    /**
     * A server whose default user is off and whose only user is {@code user} with {@code password}, allowed every
     * command and key.
     */
    public static RedisServer withAclUser(String user, String password) {
        return server(List.of("--user", "default", "off", "--user", user, "on", ">" + password, "~*", "&*", "+@all"),
                List.of("--no-auth-warning", "--user", user, "--pass", password));
    }

    /** A server that speaks only TLS, with {@code tls}' certificate, not asking clients for certificates. */
    public static RedisServer tls(TlsFiles tls) {
        int port = freePort();
        return start(port, List.of("--port", "0", "--tls-port", String.valueOf(port),
                        "--tls-cert-file", tls.certificate().toString(), "--tls-key-file", tls.privateKey().toString(),
                        "--tls-ca-cert-file", tls.certificate().toString(), "--tls-auth-clients", "no"),
                List.of("--tls", "--cacert", tls.certificate().toString()));
    }

    /** A cluster of {@code masters} masters without replicas, all slots assigned, state ok. */
    public static RedisCluster cluster(int masters) {
        return RedisCluster.start(masters);
    }

    /**
     * A master (with {@code password}, may be null) watched by one sentinel (quorum 1) under {@code masterName};
     * the sentinel requires {@code sentinelPassword} when it is not null.
     */
    public static RedisSentinels sentinel(String masterName, String password, String sentinelPassword) {
        return RedisSentinels.start(masterName, password, sentinelPassword, 0);
    }

    /** As {@link #sentinel(String, String, String)}, with {@code replicas} replicas the sentinel can promote. */
    public static RedisSentinels sentinelWithReplicas(String masterName, String password, String sentinelPassword,
                                                      int replicas) {
        return RedisSentinels.start(masterName, password, sentinelPassword, replicas);
    }

    /**
     * A server on a free port. Other builds on the machine pick free ports too: when one takes the port between our
     * look and the server's bind, another port is tried.
     */
    static RedisServer server(List<String> extraArgs, List<String> cliConnection) {
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            List<String> args = new ArrayList<>(List.of("--port", String.valueOf(port)));
            args.addAll(extraArgs);
            try {
                return start(port, args, cliConnection);
            } catch (IllegalStateException e) {
                if (attempt == 3 || !String.valueOf(e.getMessage()).contains("Address already in use")) {
                    throw e;
                }
            }
        }
    }

    static RedisServer start(int port, List<String> args, List<String> cliConnection) {
        Path dir = tempDir("redis-" + port + "-");
        List<String> command = new ArrayList<>(List.of("redis-server"));
        command.addAll(baseArgs());
        command.addAll(args);
        RedisServer server = new RedisServer(dir, port, command, cliConnection, "PONG");
        try {
            return server.start();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Options every test server gets: loopback only, no RDB snapshots, no protected-mode surprises. */
    static List<String> baseArgs() {
        return List.of("--bind", "127.0.0.1", "--save", "", "--daemonize", "no", "--protected-mode", "no",
                "--enable-debug-command", "yes");
    }

    /**
     * A TCP port free on loopback now, whose cluster bus port (+10000) is free too. There is a small window in
     * which another process could take it; the servers fail loudly then.
     */
    public static int freePort() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20000, 45000);
            if (isFree(port) && isFree(port + 10000)) {
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port found");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a command, returning stdout+stderr trimmed; fails on a non-zero exit or after {@code timeout}. */
    static String run(List<String> command, Duration timeout) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " timed out");
            }
            String text = new String(out, StandardCharsets.UTF_8).trim();
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command.get(0) + " exited with " + process.exitValue() + ": " + text);
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a temp folder left behind is harmless
                }
            });
        } catch (IOException ignored) {
            // same
        }
    }

    private static boolean onPath(String binary) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, binary))) {
                return true;
            }
        }
        return false;
    }
}
