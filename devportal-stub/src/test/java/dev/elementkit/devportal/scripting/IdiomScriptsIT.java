package dev.elementkit.devportal.scripting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cache-idiom examples of {@code examples/scripts/} as a new user runs them: {@code ./devportal run} from the
 * repository root on the demo app's {@code caches.Default}, and on a Redis element of a test app, each checked
 * line by line.
 */
class IdiomScriptsIT {

    @TempDir
    static Path temp;

    /** Generous: JVM start, plugin loading and JShell warming up on a busy two-core machine. */
    private static final Duration LIMIT = Duration.ofSeconds(120);

    static TestApp testApp;

    @BeforeAll
    static void createApp() {
        testApp = TestApp.create(temp);
    }

    static final Map<String, String> EXPECTED = Map.of(
            "session-store.jsh", """
                    login alice: session ends within 30 minutes: true
                    request: user alice, roles [reader]
                    after logout: null
                    """,
            "verification-code.jsh", """
                    send: true
                    send again while pending: false
                    verify the code: true
                    verify the same code again: false
                    """,
            "api-cache.jsh", """
                    first read: {"id":"1001","name":"John"} (upstream calls: 1)
                    second read: {"id":"1001","name":"John"} (upstream calls: 1)
                    after a write: {"id":"1001","name":"Johnny"} (upstream calls: 2)
                    """);

    @ParameterizedTest
    @ValueSource(strings = {"session-store.jsh", "verification-code.jsh", "api-cache.jsh"})
    void runsOnTheDemoAppsDefaultCache(String script) throws Exception {
        ScriptCommandsIT.Outcome outcome = devportal("run", "examples/scripts/" + script);
        assertEquals(0, outcome.exitCode(), outcome.toString());
        assertEquals(EXPECTED.get(script), outcome.stdout());
    }

    @ParameterizedTest
    @ValueSource(strings = {"session-store.jsh", "verification-code.jsh", "api-cache.jsh"})
    void runsOnRedis(String script) throws Exception {
        TestApp.requireRedis();
        ScriptCommandsIT.Outcome outcome = devportal("run", "examples/scripts/" + script, "--app",
                testApp.appDir().toString(), "--plugins", testApp.pluginsDir().toString(), "caches.MyRedis");
        assertEquals(0, outcome.exitCode(), outcome.toString());
        assertEquals(EXPECTED.get(script), outcome.stdout());
    }

    /** The limit of 3 admits three of five requests; the window is a sliding minute, so a rerun starts afresh. */
    @Test
    void theRateLimiterRunsOnTheDemoAppsDefaultCache() throws Exception {
        ScriptCommandsIT.Outcome outcome = devportal("run", "examples/scripts/rate-limit.jsh");
        assertEquals(0, outcome.exitCode(), outcome.toString());
        assertEquals("""
                request 1: allowed
                request 2: allowed
                request 3: allowed
                request 4: rejected
                request 5: rejected
                """, outcome.stdout());
    }

    /** {@code ./devportal ARGS} in the repository root, as a user types it; it must end by itself. */
    private static ScriptCommandsIT.Outcome devportal(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("./devportal"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(temp, "stdout", ".txt");
        Path err = Files.createTempFile(temp, "stderr", ".txt");
        Process process = new ProcessBuilder(command).directory(ScriptCommandsIT.repositoryRoot().toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command + " did not end within " + LIMIT + "; output so far:\n"
                    + Files.readString(out) + Files.readString(err));
        }
        return new ScriptCommandsIT.Outcome(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
