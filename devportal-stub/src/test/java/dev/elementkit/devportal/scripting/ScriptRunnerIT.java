package dev.elementkit.devportal.scripting;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.Cache;
import dev.elementkit.devportal.runtime.Host;
import dev.elementkit.devportal.runtime.HostOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scripts run in this JVM against a host over real plugin JARs: SQLite files and the machine's Redis. Outputs,
 * results and the lines errors name are checked.
 */
class ScriptRunnerIT {

    /** The repository's example, run as users run it. */
    static final Path CACHE_BASICS = ScriptCommandsIT.repositoryRoot()
            .resolve("examples/scripts/cache-basics.jsh");

    @TempDir
    static Path temp;

    static TestApp testApp;
    static Host host;

    @BeforeAll
    static void openHost() {
        testApp = TestApp.create(temp);
        host = Host.open(new HostOptions(testApp.appDir(), testApp.pluginsDir(), Map.of(), false));
    }

    @AfterAll
    static void closeHost() {
        if (host == null) {
            return;
        }
        try {
            // The shared Redis keeps what scripts left under this app's prefix unless we remove it.
            Cache redis = host.app().getElement("caches.MyRedis");
            redis.keys().forEach(redis::delete);
        } catch (RuntimeException redisNotThere) {
            // Nothing was written to it then.
        } finally {
            host.close();
        }
    }

    static String cacheBasicsOutput(String element) {
        return String.join("\n",
                "cache: " + element,
                "get user:1001:name -> John",
                "expires within 10 minutes: true",
                "visit_count: 100, after incr by 5: 105",
                "keys() holds user:1001:name and visit_count: true",
                "existed: true, exists after delete: false",
                "ping: true") + "\n";
    }

    @Test
    void everySeedExampleRunsOnSqlite() throws IOException {
        Run run = runFile(CACHE_BASICS, "caches.Local");
        assertTrue(run.result().succeeded(), run.result().error());
        assertEquals(cacheBasicsOutput("caches.Local"), run.output());
        Cache cache = host.app().getElement("caches.Local");
        assertEquals(105L, cache.getNumeric("visit_count"), "the script wrote through the app's element");
    }

    @Test
    void everySeedExampleRunsOnRedis() throws IOException {
        TestApp.requireRedis();
        Run run = runFile(CACHE_BASICS, "caches.MyRedis");
        assertTrue(run.result().succeeded(), run.result().error());
        assertEquals(cacheBasicsOutput("caches.MyRedis"), run.output());
        Cache cache = host.app().getElement("caches.MyRedis");
        assertEquals(105L, cache.getNumeric("visit_count"), "the script wrote through the app's element");
    }

    @Test
    void theRateLimitExampleRuns() throws IOException {
        Run run = runFile(CACHE_BASICS.resolveSibling("rate-limit.jsh"), "client-7", "2");
        assertTrue(run.result().succeeded(), run.result().error());
        assertEquals("""
                request 1: allowed
                request 2: allowed
                request 3: rejected
                request 4: rejected
                """, run.output());
    }

    @Test
    void theSeedsSnippetWithCachesDefaultCacheRunsOnTheAppsDefaultCache() {
        // cache-configuration-and-usage.md names the default cache caches.DefaultCache; this app declares
        // caches.Default (and no defaultCache setting, so caches.Default is the default).
        Run run = run("seed.jsh", """
                String fullName = "caches.DefaultCache";
                Cache cache = app.getElement(fullName);
                cache.set("seed:user:1001:name", "John", 3600);
                System.out.println(cache.get("seed:user:1001:name"));
                """);
        assertTrue(run.result().succeeded(), run.result().error());
        assertEquals("John\n", run.output());
        Cache named = host.app().getElement("caches.Default");
        assertEquals("John", named.get("seed:user:1001:name"), "both names reach one element");
        named.delete("seed:user:1001:name");
    }

    @Test
    void theScriptSeesTheHostsLiveElementInstance() {
        Cache fromHost = host.app().getElement("caches.Local");
        fromHost.set("shared:marker", "set by the test");
        Run run = run("same.jsh", """
                Cache cache = app.getElement("caches.Local");
                System.out.println(cache.get("shared:marker"));
                System.out.println(app.appId());
                """);
        assertTrue(run.result().succeeded(), run.result().error());
        assertEquals("set by the test\n" + testApp.appId() + "\n", run.output());
    }

    @Test
    void aScriptThatThrowsStopsThereAndNamesTheLine() {
        Run run = run("throws.jsh", """
                Cache cache = app.getElement("caches.Local");
                cache.set("order:1", "pending");

                if (!"paid".equals(cache.get("order:1"))) {
                    throw new IllegalStateException("order 1 is " + cache.get("order:1"));
                }
                System.out.println("not reached");
                """);
        assertFalse(run.result().succeeded());
        assertEquals(1, run.result().exitCode());
        assertEquals(5, run.result().line());
        assertEquals("throws.jsh:5: IllegalStateException: order 1 is pending", run.result().error());
        assertEquals("", run.output());
    }

    @Test
    void anExceptionInAScriptMethodNamesTheThrowingLineAndTheCall() {
        Run run = run("method.jsh", """
                long divide(long a, long b) {
                    return a / b;
                }
                System.out.println(divide(6, 3));
                System.out.println(divide(1, 0));
                """);
        assertEquals(2, run.result().line());
        assertEquals("""
                method.jsh:2: ArithmeticException: / by zero
                \tat divide(method.jsh:2)
                \tat method.jsh:5""", run.result().error());
        assertEquals("2\n", run.output());
    }

    @Test
    void aMissingElementNamesTheLineAndTheElement() {
        Run run = run("missing.jsh", """
                // looks up an element the app does not have
                Cache cache = app.getElement("caches.Nope");
                """);
        assertEquals(2, run.result().line());
        String error = run.result().error();
        assertTrue(error.startsWith("missing.jsh:2: ElementNotFoundException: no element 'caches.Nope'"), error);
    }

    @Test
    void anInvalidSqliteConfigurationNamesTheLineTheFileAndTheField() {
        assertInvalidConfigurationReported("BadSqlite", "busy_timeout_ms");
    }

    @Test
    void anInvalidRedisConfigurationNamesTheLineTheFileAndTheField() {
        assertInvalidConfigurationReported("BadRedis", "port");
    }

    private static void assertInvalidConfigurationReported(String name, String field) {
        Run run = run("invalid.jsh", """
                System.out.println("before");
                Cache cache = app.getElement("caches.%s");
                cache.ping();
                """.formatted(name));
        assertEquals(2, run.result().line(), run.result().error());
        String error = run.result().error();
        assertTrue(error.startsWith("invalid.jsh:2: BrokenElementException: element 'caches." + name + "' is broken"),
                error);
        assertTrue(error.contains(name + ".json"), error);
        assertTrue(error.contains(field), error);
        assertEquals("before\n", run.output());
    }

    @Test
    void aSyntaxErrorNamesTheLineBeforeAnythingAfterItRuns() {
        Run run = run("syntax.jsh", """
                System.out.println("first");
                Cache cache = app.getElement("caches.Local")
                cache.ping();
                """);
        assertEquals(2, run.result().line());
        assertEquals("""
                syntax.jsh:2: error: ';' expected
                Cache cache = app.getElement("caches.Local")
                                                            ^""", run.result().error());
        assertEquals("first\n", run.output());
    }

    @Test
    void aCompileErrorNamesTheLineAndTheSymbol() {
        Run run = run("symbol.jsh", """
                Cache cache = app.getElement("caches.Local");

                cache.sett("k", "v");
                """);
        assertEquals(3, run.result().line());
        String error = run.result().error();
        assertTrue(error.startsWith("symbol.jsh:3: error: cannot find symbol\ncache.sett(\"k\", \"v\");\n     ^"),
                error);
        assertTrue(error.contains("symbol:   method sett(java.lang.String,java.lang.String)"), error);
    }

    @Test
    void anUnfinishedScriptIsASyntaxError() {
        Run run = run("unfinished.jsh", """
                Cache cache = app.getElement("caches.Local");
                if (cache.ping()) {
                    System.out.println("up");
                """);
        assertFalse(run.result().succeeded());
        assertTrue(run.result().error().startsWith("unfinished.jsh:"), run.result().error());
        assertTrue(run.result().error().contains("error: reached end of file while parsing"), run.result().error());
        assertEquals("", run.output(), "nothing of an incomplete statement runs");
    }

    @Test
    void argsHoldTheArgumentsAfterTheScript() {
        Run run = run("args.jsh", "System.out.println(args.length + \" \" + String.join(\"|\", args));",
                "caches.Local", "--flag", "two words");
        assertEquals("3 caches.Local|--flag|two words\n", run.output());
    }

    @Test
    void javaStatementsMaySpanLinesAndShareThem() {
        Run run = run("layout.jsh", """
                String greeting = "hello"
                        + ", "
                        + "world"; int n = 2; System.out.println(greeting);
                System.out.println(n)
                """);
        assertTrue(run.result().succeeded(), run.result().error());
        assertEquals("hello, world\n2\n", run.output());
    }

    @Test
    void pluginClassesStayInTheirOwnLoaders() {
        // The SQLite plugin bundles sqlite-jdbc; the host does not. A script can neither compile against it nor
        // load it, and the cache it gets is the host's Cache type.
        Run compile = run("compile.jsh", "org.sqlite.SQLiteConfig config = null;");
        assertTrue(compile.result().error().startsWith("compile.jsh:1: error: package org.sqlite does not exist"),
                compile.result().error());

        Run load = run("load.jsh", """
                Cache cache = app.getElement("caches.Local");
                System.out.println(cache.getClass().getClassLoader() == Cache.class.getClassLoader());
                Class.forName("org.sqlite.JDBC");
                """);
        assertEquals("true\n", load.output());
        assertTrue(load.result().error().startsWith("load.jsh:3: ClassNotFoundException: org.sqlite.JDBC"),
                load.result().error());
    }

    @Test
    void aScriptAndItsHostLeaveNoThreadBehind(@TempDir Path folder) throws Exception {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        TestApp app = TestApp.create(folder);
        TestApp.requireRedis();
        String source = """
                Cache local = app.getElement("caches.Local");
                local.set("k", "v");
                Cache redis = app.getElement("caches.MyRedis");
                redis.set("k", "v", 60);
                """;
        try (Host own = Host.open(new HostOptions(app.appDir(), app.pluginsDir(), Map.of(), false))) {
            ScriptResult result = capture(() -> ScriptRunner.run(own.app(), "threads.jsh", source, List.of()))
                    .result();
            assertTrue(result.succeeded(), result.error());
            own.app().<Cache>getElement("caches.MyRedis").delete("k");
        }
        // Plugins end their threads when the host stops them; give them a moment to wind down.
        Set<String> left = Set.of();
        for (int attempt = 0; attempt < 100; attempt++) {
            left = Thread.getAllStackTraces().keySet().stream()
                    .filter(thread -> !before.contains(thread) && !thread.isDaemon() && thread.isAlive())
                    .map(Thread::getName)
                    .collect(Collectors.toSet());
            if (left.isEmpty()) {
                break;
            }
            Thread.sleep(100);
        }
        assertEquals(Set.of(), left, "non-daemon threads left running after the script and its host ended");
    }

    record Run(ScriptResult result, String output) {
    }

    static Run run(String name, String source, String... args) {
        try {
            return capture(() -> ScriptRunner.run(host.app(), name, source, List.of(args)));
        } catch (IOException e) {
            throw new AssertionError("a script from a string reads no file", e);
        }
    }

    static Run runFile(Path script, String... args) throws IOException {
        return capture(() -> ScriptRunner.run(host.app(), script, List.of(args)));
    }

    interface ScriptCall {
        ScriptResult run() throws IOException;
    }

    /** Snippets print to System.out when they run, in this JVM: the test reads it from there. */
    private static synchronized Run capture(ScriptCall call) throws IOException {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true, UTF_8));
        try {
            ScriptResult result = call.run();
            return new Run(result, buffer.toString(UTF_8));
        } finally {
            System.setOut(original);
        }
    }
}
