package dev.elementkit.memcached;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code memcached} (the Debian package) started on a free loopback port for one test class, and a way to
 * talk to it as a person would with {@code printf 'get key\r\n' | nc}. Outside CI a missing binary skips the test
 * loudly; in CI (CI=true) it fails, because `.ci/run` installs the package.
 */
final class MemcachedServer implements AutoCloseable {

    private final Process process;
    private final int port;

    private MemcachedServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts memcached with {@code extraArgs} (e.g. "-I", "2m") and waits until it answers. */
    static MemcachedServer start(String... extraArgs) throws IOException, InterruptedException {
        return startOn(freePort(), extraArgs);
    }

    /** As {@link #start}, on {@code port} (a server that comes up where an element already looks). */
    static MemcachedServer startOn(int port, String... extraArgs) throws IOException, InterruptedException {
        requireBinary();
        List<String> command = new ArrayList<>(List.of("memcached", "-l", "127.0.0.1", "-p", String.valueOf(port),
                "-U", "0", "-m", "64", "-u", System.getProperty("user.name")));
        command.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        MemcachedServer server = new MemcachedServer(process, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return server;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    server.close();
                    throw new IOException("memcached " + command + " did not start listening on " + port);
                }
                Thread.sleep(20);
            }
        }
    }

    /** An auth file for memcached -Y, holding one user. */
    static Path authFile(String user, String password) throws IOException {
        Path file = Files.createTempFile("memcached-auth", ".txt");
        Files.writeString(file, user + ":" + password + "\n");
        file.toFile().deleteOnExit();
        return file;
    }

    int port() {
        return port;
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    /** Sends one text-protocol command and returns everything up to its end marker, as {@code nc} would show. */
    String send(String command, String endMarker) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(command.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder reply = new StringBuilder();
            byte[] buffer = new byte[8192];
            while (!reply.toString().endsWith(endMarker)) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                reply.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
            return reply.toString();
        }
    }

    /** Kills the server at once (SIGKILL), as a crash would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void requireBinary() {
        boolean found = System.getenv("PATH") != null && java.util.Arrays.stream(
                        System.getenv("PATH").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "memcached")));
        if (!found && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException("memcached is not installed; in CI `.ci/run` installs it "
                    + "(apt-get install memcached)");
        }
        if (!found) {
            System.err.println("SKIPPING: memcached is not installed (apt-get install memcached)");
        }
        assumeTrue(found, "memcached is not installed (apt-get install memcached)");
    }
}
