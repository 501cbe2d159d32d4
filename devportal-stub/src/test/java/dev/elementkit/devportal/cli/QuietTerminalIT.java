package dev.elementkit.devportal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.devportal.runtime.BuiltPlugins;
import dev.elementkit.devportal.runtime.TestPluginJars;
import dev.elementkit.devportal.service.Programs;
import dev.elementkit.redis.testing.RedisServer;
import dev.elementkit.redis.testing.RedisServers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The terminal holds our sentences only: {@code devportal run}, {@code test}, {@code serve} and {@code shell} run as
 * real processes (the built JAR, a fresh home folder), each provoking a library's log line (Lettuce's
 * ConnectionWatchdog after the server went away, Javalin's "Failed to start" on a taken port, the JDK's "Created user
 * preferences directory" on a first shell). Without {@code --verbose} none reaches stdout or stderr; with it the same
 * run shows them, which proves each run did provoke one.
 */
@Timeout(300)
class QuietTerminalIT {

    /** What a library's line looks like: slf4j-simple's "[thread] LEVEL logger - …", JUL, or a trace. */
    private static final Pattern LIBRARY_LINE = Pattern.compile(
            "(?m)^(\\[[^\\]]+\\] (TRACE|DEBUG|INFO|WARN|ERROR) |.*(io\\.lettuce|io\\.netty|org\\.eclipse\\.jetty|io\\.javalin|"
                    + "org\\.pf4j|java\\.util\\.prefs|ConnectionWatchdog|Failed to start|Created user preferences"
                    + "|SLF4J)|\\s+at [a-z]+\\.)");

    @TempDir
    Path temp;
    Path app;
    Path plugins;
    Path home;

    record Run(int exitCode, String out, String err) {
        String both() {
            return out + err;
        }
    }

    @BeforeEach
    void appAndPlugins() throws IOException {
        app = TestPluginJars.copyTree(BuiltPlugins.demoApp(), temp.resolve("app"));
        plugins = temp.resolve("plugins");
        BuiltPlugins.copyTo(plugins);
        BuiltPlugins.copyTo(plugins, "element-redis");
        home = Files.createDirectories(temp.resolve("home"));
    }

    @Test
    void runAndTestWithAServerThatWentAwayPrintOnlyOurSentences() throws Exception {
        String redisCli = Programs.require("redis-cli", "redis-tools");
        try (RedisServer redis = RedisServers.standalone()) {
            addRedisElement("Away", redis.port());
            // The script uses the element, stops its server and keeps calling for a while: Lettuce's watchdog
            // tries to reconnect meanwhile and logs each failure.
            Path script = temp.resolve("away.jsh");
            Files.writeString(script, String.join("\n",
                    "Cache cache = app.getElement(\"caches.Away\");",
                    "cache.set(\"quiet:k\", \"v\", 60);",
                    "new ProcessBuilder(\"" + redisCli + "\", \"-p\", \"" + redis.port() + "\", \"shutdown\", \"nosave\")"
                            + ".start().waitFor();",
                    "for (int i = 0; i < 6; i++) { try { cache.get(\"quiet:k\"); } catch (RuntimeException e) { } "
                            + "Thread.sleep(500); }",
                    "System.out.println(\"script done\");", ""));

            Run quiet = devportal("run", script.toString());
            assertTrue(quiet.out().contains("script done"), quiet.toString());
            assertNoLibraryLine(quiet);

            Run test = devportal("test", "caches.Away");
            assertNotEquals(0, test.exitCode(), test.toString());
            assertTrue(test.out().startsWith("caches.Away: "), test.toString());
            assertNoLibraryLine(test);

            redis.restart();
            Run verbose = devportal("run", script.toString(), "--verbose");
            assertTrue(LIBRARY_LINE.matcher(verbose.both()).find(),
                    "with --verbose the library's lines show, so the quiet run did provoke them: " + verbose);
        }
    }

    @Test
    void serveOnATakenPortSaysSoInOneSentence() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String port = String.valueOf(taken.getLocalPort());
            Run quiet = devportal("serve", "--port", port);
            assertNotEquals(0, quiet.exitCode(), quiet.toString());
            assertTrue(quiet.both().contains(port) && quiet.both().toLowerCase().contains("in use"), quiet.toString());
            assertNoLibraryLine(quiet);

            Run verbose = devportal("serve", "--port", port, "--verbose");
            assertTrue(LIBRARY_LINE.matcher(verbose.both()).find(), "Javalin's own line with --verbose: " + verbose);
        }
    }

    @Test
    void aFirstShellPrintsNoPreferencesNotice() throws Exception {
        Run shell = withInput("/exit\n", "shell");
        assertEquals(0, shell.exitCode(), shell.toString());
        assertNoLibraryLine(shell);
    }

    private void addRedisElement(String name, int port) throws IOException {
        Path folder = Files.createDirectories(app.resolve("caches/" + name));
        Files.writeString(folder.resolve("e.json"), "{\"title\": \"" + name + "\", \"type\": \"caches.RedisType\"}");
        Files.writeString(folder.resolve(name + ".json"), "{\"host\": \"127.0.0.1\", \"port\": " + port + ", \"db\": 0}");
    }

    private Run devportal(String... args) throws Exception {
        return withInput("", args);
    }

    /** The built JAR as `./devportal` starts it, with {@code stdin} as its input and a fresh home folder. */
    private Run withInput(String stdin, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Duser.home=" + home, "-Djava.util.prefs.userRoot=" + home.resolve(".java"), "-jar",
                devportalJar().toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--app", app.toString(), "--plugins", plugins.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(temp.toFile())
                .redirectOutput(temp.resolve("out.txt").toFile()).redirectError(temp.resolve("err.txt").toFile());
        builder.environment().put("HOME", home.toString());
        Process process = builder.start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(args[0] + " did not end within 120 s");
        }
        return new Run(process.exitValue(), Files.readString(temp.resolve("out.txt")),
                Files.readString(temp.resolve("err.txt")));
    }

    private static Path devportalJar() {
        Path jar = Path.of("target", "devportal-stub-1.1.0.jar");
        assertTrue(Files.isRegularFile(jar), "the build's package phase makes " + jar.toAbsolutePath());
        return jar.toAbsolutePath();
    }

    private static void assertNoLibraryLine(Run run) {
        var found = LIBRARY_LINE.matcher(run.both());
        assertFalse(found.find(), "a library's line reached the terminal: '" + (found.hitEnd() ? "" : found.group())
                + "' in " + run);
    }
}
