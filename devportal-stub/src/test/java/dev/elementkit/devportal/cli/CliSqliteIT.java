package dev.elementkit.devportal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.elementkit.devportal.runtime.BuiltPlugins;
import dev.elementkit.devportal.runtime.TestPluginJars;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code devportal types|elements|test} on a copy of the demo app with the real element-sqlite plugin JAR. */
class CliSqliteIT {

    @TempDir
    Path temp;

    record Run(int exitCode, String out, String err) {
    }

    private Run run(Path app, Path plugins, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"--app", app.toString(), "--plugins", plugins.toString()}, 0, all, args.length, 4);
        int code = DevportalCli.execute(new PrintWriter(out), new PrintWriter(err), all);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void theDemoAppWorksEndToEnd() throws Exception {
        Path app = TestPluginJars.copyTree(BuiltPlugins.demoApp(), temp.resolve("app"));
        Path plugins = temp.resolve("plugins");
        BuiltPlugins.copyTo(plugins);

        Run types = run(app, plugins, "types");
        assertEquals(0, types.exitCode(), types.toString());
        assertTrue(types.out().lines().anyMatch(l -> l.matches("caches\\.SqliteType\\s+.*\\s+element-sqlite")), types.out());
        assertTrue(types.out().lines().anyMatch(l -> l.matches("caches\\.BuiltinsType\\s+.*the host, on element-sqlite")),
                "the host runs it, on the SQLite plugin: " + types.out());

        Run elements = run(app, plugins, "elements");
        assertEquals(0, elements.exitCode(), elements.toString());
        assertTrue(elements.out().lines().anyMatch(l -> l.matches("caches\\.Default\\s+caches\\.BuiltinsType\\s+DEFINED\\s+Default Cache")),
                elements.out());

        Run test = run(app, plugins, "test", "caches.Default");
        assertEquals(0, test.exitCode(), test.toString());
        assertTrue(test.out().startsWith("caches.Default: OK in "), test.out());
        assertTrue(test.out().contains("SUCCESSFUL"), test.out());
        assertTrue(Files.exists(app.resolve("appData/caches/DefaultCache/sqlite.db")));

        JsonNode json = new ObjectMapper().readTree(run(app, plugins, "test", "caches.Default", "--json").out());
        assertEquals("OK", json.path("code").asText());
        assertTrue(json.path("success").asBoolean());
        assertTrue(json.path("steps").size() > 0);
    }

    /**
     * {@code stats} reads each cache element briefly in its own process and prints what it measured: the stored keys
     * come back as hits, so the ratio is 1; a missing element is a clear error.
     */
    @Test
    void statsPrintsTheFiguresOfAShortReadOfTheElement() throws Exception {
        Path app = TestPluginJars.copyTree(BuiltPlugins.demoApp(), temp.resolve("app"));
        Path plugins = temp.resolve("plugins");
        BuiltPlugins.copyTo(plugins);
        Path script = temp.resolve("fill.jsh");
        Files.writeString(script, "Cache cache = app.getElement(\"caches.Default\");\n"
                + "for (int i = 0; i < 5; i++) cache.set(\"stats:\" + i, i);\n");
        Run filled = run(app, plugins, "run", script.toString());
        assertEquals(0, filled.exitCode(), filled.toString());

        Run json = run(app, plugins, "stats", "caches.Default", "--json", "--sample", "3");
        assertEquals(0, json.exitCode(), json.toString());
        JsonNode element = new ObjectMapper().readTree(json.out()).path("elements").get(0);
        assertEquals("caches.Default", element.path("element").asText());
        assertEquals("ok", element.path("health").asText());
        assertEquals(3, element.path("calls").path("get").asInt(), element.toString());
        assertEquals(1, element.path("calls").path("keys").asInt(), element.toString());
        assertEquals(1.0, element.path("hitRatio").asDouble(), 1e-9);
        assertEquals(0, element.path("errors").asInt());
        assertTrue(element.path("p99Ms").asDouble() > 0, element.toString());

        Run table = run(app, plugins, "stats", "caches.Default");
        assertEquals(0, table.exitCode(), table.toString());
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith("caches.Default") && l.contains("ok")
                && l.contains("1.000")), table.out());

        Run missing = run(app, plugins, "stats", "caches.Nope");
        assertEquals(1, missing.exitCode(), missing.toString());
        assertTrue(missing.err().contains("caches.Nope"), missing.err());
    }

    /**
     * {@code elements} connects nothing; {@code elements --connect} creates the elements, and one whose file SQLite
     * cannot open now (not a database) is listed UNAVAILABLE with the reason, not BROKEN, and the exit code is 1.
     */
    @Test
    void elementsWithConnectListsAnElementThatCannotReachItsStoreAsUnavailable() throws Exception {
        Path app = TestPluginJars.copyTree(BuiltPlugins.demoApp(), temp.resolve("app"));
        Path plugins = temp.resolve("plugins");
        BuiltPlugins.copyTo(plugins);
        Path file = app.resolve("appData/caches/LocalCache/sqlite.db");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "these are notes, not a database ".repeat(200));

        Run listed = run(app, plugins, "elements");
        assertEquals(0, listed.exitCode(), listed.toString());
        assertTrue(listsRow(listed, "caches.LocalCache", "caches.SqliteType", "DEFINED"), listed.out());

        Run connected = run(app, plugins, "elements", "--connect");
        assertEquals(1, connected.exitCode(), connected.toString());
        assertTrue(listsRow(connected, "caches.LocalCache", "caches.SqliteType", "UNAVAILABLE"), connected.out());
        assertTrue(listsRow(connected, "caches.Default", "caches.BuiltinsType", "READY"), connected.out());
        assertTrue(connected.out().contains("caches.LocalCache UNAVAILABLE: ")
                && connected.out().contains(file.toString()), connected.out());
    }

    private static boolean listsRow(Run run, String fullName, String type, String status) {
        String row = Pattern.quote(fullName) + "\\s+" + Pattern.quote(type) + "\\s+" + status + "\\s+.*";
        return run.out().lines().anyMatch(line -> line.matches(row));
    }

    @Test
    void aFailedTestExitsOne() throws Exception {
        Path app = TestPluginJars.copyTree(BuiltPlugins.demoApp(), temp.resolve("app"));
        Path plugins = temp.resolve("plugins");
        BuiltPlugins.copyTo(plugins);
        // A database path under a regular file cannot be created.
        Files.writeString(app.resolve("blocker"), "a file, not a folder");
        Files.writeString(app.resolve("caches/LocalCache/LocalCache.json"), "{\"directory\": \"blocker/sqlite.db\"}");
        Run test = run(app, plugins, "test", "caches.LocalCache");
        assertEquals(1, test.exitCode(), test.toString());
        assertTrue(test.out().contains("FAILED ("), test.out());
        assertTrue(test.out().contains("FAILED"), test.out());
    }

    /**
     * {@code devportal cache} on the built-in SQLite cache (by the reference's name caches.DefaultCache too) and on
     * the machine's Redis, under an app id of this test's own so that nobody else's keys are touched.
     */
    @Test
    void theCacheCommandReadsAndWritesSqliteAndRedis() throws Exception {
        Path app = TestPluginJars.copyTree(BuiltPlugins.demoApp(), temp.resolve("app"));
        Path plugins = temp.resolve("plugins");
        BuiltPlugins.copyTo(plugins);
        BuiltPlugins.copyTo(plugins, "element-redis");
        String appId = "clitest.Cache" + java.util.UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Files.writeString(app.resolve("app.json"), "{\"appId\": \"" + appId + "\"}");
        Files.createDirectories(app.resolve("caches/CliRedis"));
        Files.writeString(app.resolve("caches/CliRedis/e.json"), "{\"title\": \"Redis\", \"type\": \"caches.RedisType\"}");
        Files.writeString(app.resolve("caches/CliRedis/CliRedis.json"), "{\"host\": \"127.0.0.1\", \"port\": 6379}");

        for (String element : List.of("caches.Default", "caches.CliRedis")) {
            try {
                assertEquals(0, run(app, plugins, "cache", "set", element, "user:1", "John").exitCode());
                assertEquals(0, run(app, plugins, "cache", "set", element, "visits", "100", "--ttl", "600").exitCode());
                Run get = run(app, plugins, "cache", "get", element, "user:1");
                assertEquals("John\n", get.out(), get.toString());
                assertEquals("(nil)\n", run(app, plugins, "cache", "get", element, "nothing").out());
                assertEquals("105\n", run(app, plugins, "cache", "incr", element, "visits", "5").out());
                long ttl = Long.parseLong(run(app, plugins, "cache", "ttl", element, "visits").out().trim());
                assertTrue(ttl > 0 && ttl <= 600, "ttl " + ttl);
                assertEquals("user:1\nvisits\n", run(app, plugins, "cache", "keys", element).out(), "the app's keys, prefix removed");
                JsonNode keys = new ObjectMapper().readTree(run(app, plugins, "cache", "keys", element, "user:*", "--json").out());
                assertEquals("[\"user:1\"]", keys.path("keys").toString());
                assertEquals("1\n", run(app, plugins, "cache", "del", element, "user:1", "never-set").out());
                Run refused = run(app, plugins, "cache", "clear", element);
                assertEquals(2, refused.exitCode(), "clear wants --yes");
                assertTrue(refused.err().contains("--yes"), refused.err());
            } finally {
                Run clear = run(app, plugins, "cache", "clear", element, "--yes");
                assertEquals(0, clear.exitCode(), clear.toString());
            }
            assertEquals("", run(app, plugins, "cache", "keys", element).out());
        }
        // The reference platform's name for the default cache reaches caches.Default.
        assertEquals(0, run(app, plugins, "cache", "set", "caches.DefaultCache", "seed", "yes").exitCode());
        assertEquals("yes\n", run(app, plugins, "cache", "get", "caches.Default", "seed").out());
        Run usage = run(app, plugins, "cache", "fetch", "caches.Default", "k");
        assertEquals(2, usage.exitCode());
        assertTrue(usage.err().contains("unknown action 'fetch'"), usage.err());
    }
}
