package dev.elementkit.devportal.scripting;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands as users run them: the {@code ./devportal} launcher and {@code java} on the built JAR, each in its
 * own process. Every run must end by itself within a generous bound: a thread left running would keep the process
 * alive, and the test then fails with a thread dump.
 */
class ScriptCommandsIT {

    /** Generous: JVM start, plugin loading and javac warming up on a busy two-core machine. */
    private static final Duration LIMIT = Duration.ofSeconds(120);

    @TempDir
    static Path temp;

    static TestApp testApp;

    @BeforeAll
    static void createApp() {
        testApp = TestApp.create(temp);
    }

    /** The README's example, exactly: the demo app and the repository's plugins, from the repository root. */
    @Test
    void devportalRunPrintsWhatTheReadmeSays() throws Exception {
        Outcome outcome = launch(List.of("./devportal", "run", "examples/scripts/cache-basics.jsh"), null, Map.of());
        assertEquals(0, outcome.exitCode(), outcome.toString());
        assertEquals(ScriptRunnerIT.cacheBasicsOutput("caches.Default"), outcome.stdout());
    }

    @Test
    void aFailingScriptExitsWithOneAndNamesTheLineOnStandardError() throws Exception {
        Path script = Files.writeString(temp.resolve("fails.jsh"), """
                Cache cache = app.getElement("caches.Local");
                System.out.println("ping: " + cache.ping());
                Cache other = app.getElement("caches.Nope");
                """);
        Outcome outcome = launch(List.of("./devportal", "run", script.toString(), "--app",
                testApp.appDir().toString(), "--plugins", testApp.pluginsDir().toString()), null, Map.of());
        assertEquals(1, outcome.exitCode(), outcome.toString());
        assertEquals("ping: true\n", outcome.stdout());
        assertTrue(outcome.stderr().contains(script + ":3: ElementNotFoundException: no element 'caches.Nope'"),
                outcome.toString());
    }

    @Test
    void aSyntaxErrorExitsWithOne() throws Exception {
        Path script = Files.writeString(temp.resolve("syntax.jsh"), "System.out.println(\"x\"\n");
        Outcome outcome = launch(List.of("./devportal", "run", script.toString(), "--app",
                testApp.appDir().toString(), "--plugins", testApp.pluginsDir().toString()), null, Map.of());
        assertEquals(1, outcome.exitCode(), outcome.toString());
        assertTrue(outcome.stderr().contains(script + ":1: error: "), outcome.toString());
        assertEquals("", outcome.stdout());
    }

    @Test
    void aMissingScriptIsAUsageError() throws Exception {
        Outcome outcome = launch(List.of("./devportal", "run", temp.resolve("none.jsh").toString()), null, Map.of());
        assertEquals(2, outcome.exitCode(), outcome.toString());
        assertTrue(outcome.stderr().contains("no script file"), outcome.toString());
    }

    @Test
    void devportalShellOpensWithAppBound() throws Exception {
        String input = """
                System.out.println("bound to " + app.appId());
                Cache cache = app.getElement("caches.Local");
                cache.set("shell:greeting", "hello");
                cache.get("shell:greeting")
                /exit
                """;
        Outcome outcome = launch(List.of("./devportal", "shell", "--app", testApp.appDir().toString(),
                "--plugins", testApp.pluginsDir().toString()), input, shellEnvironment());
        assertEquals(0, outcome.exitCode(), outcome.toString());
        assertTrue(outcome.stdout().contains("devportal shell: `app` is " + testApp.appId()), outcome.toString());
        assertTrue(outcome.stdout().contains("bound to " + testApp.appId()), outcome.toString());
        assertTrue(outcome.stdout().contains("==> \"hello\""), outcome.toString());
    }

    /** On a terminal (a pseudo-terminal made by util-linux `script`), Tab completes the platform's methods. */
    @Test
    void theShellCompletesWithTab() throws Exception {
        Path scriptTool = Path.of("/usr/bin/script");
        if (!Files.isExecutable(scriptTool)) {
            if (System.getenv("CI") != null) {
                throw new AssertionError("util-linux `script` is needed to give the shell a terminal");
            }
            System.err.println("!!! SKIPPING: no /usr/bin/script (util-linux) to run the shell on a terminal");
            assumeTrue(false);
        }
        // A terminal of no size (script's own input is a pipe) would make jline draw no prompt.
        String command = "stty cols 120 rows 40; ./devportal shell --app '" + testApp.appDir() + "' --plugins '"
                + testApp.pluginsDir() + "'";
        List<String> argv = List.of(scriptTool.toString(), "-qfec", command, "/dev/null");
        Outcome outcome = interact(argv, shellEnvironment(), List.of(
                new Step(out -> out.contains("jshell>"), "app.getEl\t"),
                new Step(out -> afterPrompt(out).contains("app.getElement("), "\u0015/exit\r")));
        assertEquals(0, outcome.exitCode(), outcome.toString());
        assertTrue(afterPrompt(outcome.stdout()).contains("app.getElement("), outcome.toString());
    }

    /** What the shell printed after its first prompt: the welcome text also names getElement. */
    private static String afterPrompt(String output) {
        int prompt = output.indexOf("jshell>");
        return prompt < 0 ? "" : output.substring(prompt);
    }

    /** The embedding example as its header says to run it; it has no System.exit, so lingering threads would hang it. */
    @Test
    void theEmbeddingExampleRunsAndEnds() throws Exception {
        Outcome outcome = launch(List.of(javaLauncher(), "-cp", "devportal-stub/target/devportal-stub-1.1.0.jar",
                "examples/embedding/EmbeddingExample.java", testApp.appDir().toString(),
                testApp.pluginsDir().toString(), "caches.Local"), null, Map.of());
        assertEquals(0, outcome.exitCode(), outcome.toString());
        assertEquals("caches.Local of " + testApp.appId() + " says: hello from an embedded host\nping: true\n",
                outcome.stdout());
    }

    // ---- running commands ----

    record Outcome(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    record Step(Predicate<String> when, String type) {
    }

    /** The repository root: where the launcher and examples are (failsafe runs in the module folder). */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("devportal"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no ./devportal launcher above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static Map<String, String> shellEnvironment() {
        // The shell keeps its history in Java preferences: keep the test's away from the user's.
        return Map.of("DEVPORTAL_JAVA_OPTS", "-Djava.util.prefs.userRoot=" + temp.resolve("prefs"));
    }

    private static String javaLauncher() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static Outcome launch(List<String> command, String input, Map<String, String> environment) throws Exception {
        return interact(command, environment, input == null ? List.of() : List.of(new Step(out -> true, input)));
    }

    /**
     * Runs {@code command} in the repository root, typing each step's text once the output so far satisfies it,
     * and waits for it to end by itself.
     */
    static Outcome interact(List<String> command, Map<String, String> environment, List<Step> steps)
            throws Exception {
        Path out = Files.createTempFile(temp, "stdout", ".txt");
        Path err = Files.createTempFile(temp, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(repositoryRoot().toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        long deadline = System.nanoTime() + LIMIT.toNanos();
        try (OutputStream stdin = process.getOutputStream()) {
            for (Step step : steps) {
                while (!step.when().test(Files.readString(out, UTF_8)) && System.nanoTime() < deadline
                        && process.isAlive()) {
                    Thread.sleep(100);
                }
                stdin.write(step.type().getBytes(UTF_8));
                stdin.flush();
            }
            // Input stays open until the command ends: on a terminal, end of input would hang it up early.
            process.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (IOException processEndedEarly) {
            // The output says why.
        }
        if (!process.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
            String threads = threadDump(process);
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("`" + String.join(" ", command) + "` did not end within " + LIMIT
                    + "\n--- stdout ---\n" + Files.readString(out, UTF_8) + "\n--- stderr ---\n"
                    + Files.readString(err, UTF_8) + "\n--- threads ---\n" + threads);
        }
        return new Outcome(process.exitValue(), Files.readString(out, UTF_8), Files.readString(err, UTF_8));
    }

    /** What the stuck JVM is doing, to name the thread that keeps it alive. */
    private static String threadDump(Process process) {
        List<String> dumps = new ArrayList<>();
        List<ProcessHandle> jvms = new ArrayList<>(process.descendants().toList());
        jvms.add(process.toHandle());
        for (ProcessHandle handle : jvms) {
            if (!handle.info().command().orElse("").endsWith("java")) {
                continue;
            }
            try {
                Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(handle.pid()), "Thread.print").redirectErrorStream(true).start();
                dumps.add(new String(jcmd.getInputStream().readAllBytes(), UTF_8));
                jcmd.waitFor(30, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                dumps.add("(no thread dump of " + handle.pid() + ": " + e + ")");
            }
        }
        return String.join("\n", dumps);
    }
}
