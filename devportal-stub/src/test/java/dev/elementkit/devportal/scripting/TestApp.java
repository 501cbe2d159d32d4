package dev.elementkit.devportal.scripting;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.elementkit.cache.tck.PluginHarness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * An app folder for scripting tests, in the reference layout, with a plugins folder holding the built SQLite and
 * Redis plugin JARs:
 * <ul>
 *   <li>{@code caches.Default}: the built-in cache (SQLite under appData unless REDIS_URL is set);</li>
 *   <li>{@code caches.Local}: SQLite in the app's appData;</li>
 *   <li>{@code caches.MyRedis}: the machine's Redis on 127.0.0.1:6379 (keys under this app's unique id);</li>
 *   <li>{@code caches.BadSqlite}, {@code caches.BadRedis}: elements whose configuration is invalid (a busy timeout
 *       and a port out of range).</li>
 * </ul>
 */
record TestApp(Path appDir, Path pluginsDir, String appId) {

    static final String REDIS_HOST = "127.0.0.1";
    static final int REDIS_PORT = 6379;

    static TestApp create(Path root) {
        try {
            String appId = "scripting.it" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            Path appDir = Files.createDirectories(root.resolve("app"));
            write(appDir.resolve("app.json"), "{\"appId\": \"" + appId + "\", \"name\": \"ScriptingIT\", "
                    + "\"title\": \"Scripting tests\", \"version\": \"1.0.0\"}");
            Path builtin = Files.createDirectories(appDir.resolve("caches/Default"));
            write(builtin.resolve("e.json"), "{\"title\": \"Default Cache\", \"type\": \"caches.BuiltinsType\"}");
            element(appDir, "Local", "caches.SqliteType", "{\"directory\": \"appData/caches/Local/sqlite.db\"}");
            // Timeouts well above the 0.5 s default: on this shared machine the load average passes 13 while
            // everyone builds, and a slow answer is not what these tests are about.
            element(appDir, "MyRedis", "caches.RedisType", "{\"host\": \"" + REDIS_HOST + "\", \"port\": "
                    + REDIS_PORT + ", \"socket_timeout\": 5, \"socket_connect_timeout\": 5}");
            element(appDir, "BadSqlite", "caches.SqliteType",
                    "{\"directory\": \"appData/bad.db\", \"busy_timeout_ms\": 5}");
            element(appDir, "BadRedis", "caches.RedisType", "{\"host\": \"127.0.0.1\", \"port\": 70000}");
            Path pluginsDir = Files.createDirectories(root.resolve("plugins"));
            for (String plugin : new String[] {"element-sqlite", "element-redis"}) {
                Path jar = PluginHarness.builtJar(plugin);
                Files.copy(jar, pluginsDir.resolve(jar.getFileName()));
            }
            return new TestApp(appDir, pluginsDir, appId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void element(Path appDir, String name, String type, String config) throws IOException {
        Path folder = Files.createDirectories(appDir.resolve("caches").resolve(name));
        write(folder.resolve("e.json"), "{\"title\": \"" + name + "\", \"type\": \"" + type + "\"}");
        write(folder.resolve(name + ".json"), config);
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text + "\n", UTF_8);
    }

    /** True when something accepts connections on the machine's Redis port. */
    static boolean redisAnswers() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(REDIS_HOST, REDIS_PORT), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Skips the calling test when the machine's Redis does not answer, loudly, and only outside CI: with CI set
     * the test must run, so it fails instead.
     */
    static void requireRedis() {
        boolean up = redisAnswers();
        if (!up && System.getenv("CI") != null) {
            throw new AssertionError("Redis does not answer on " + REDIS_HOST + ":" + REDIS_PORT
                    + " and CI is set: start redis-server (see .ci/run)");
        }
        if (!up) {
            System.err.println("!!! SKIPPING: Redis does not answer on " + REDIS_HOST + ":" + REDIS_PORT
                    + "; start redis-server to run this test");
        }
        assumeTrue(up, "Redis is not running on " + REDIS_HOST + ":" + REDIS_PORT);
    }
}
