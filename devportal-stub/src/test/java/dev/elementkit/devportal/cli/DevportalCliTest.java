package dev.elementkit.devportal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.elementkit.devportal.runtime.TestPluginJars;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line over a real app folder and real plugin JARs built at test time (the SQLite run is CliSqliteIT). */
class DevportalCliTest {

    @TempDir
    Path temp;
    Path app;
    Path plugins;

    record Run(int exitCode, String out, String err) {
    }

    @BeforeEach
    void app() throws IOException {
        app = temp.resolve("app");
        plugins = temp.resolve("plugins");
        write("app.json", "{\"appId\": \"tests.CliApp\"}");
        write("memos/Good/e.json", "{\"title\": \"Good memo\", \"type\": \"tests.MemoType\"}");
        write("memos/Good/Good.json", "{\"label\": \"good\"}");
        write("memos/Down/e.json", "{\"title\": \"Down memo\", \"type\": \"tests.MemoType\"}");
        write("memos/Down/Down.json", "{\"label\": \"down\"}");
        TestPluginJars.memoPlugin(plugins, "memo-plugin", ">=1.0.0");
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--app";
        all[args.length + 1] = app.toString();
        all[args.length + 2] = "--plugins";
        all[args.length + 3] = plugins.toString();
        int code = DevportalCli.execute(new PrintWriter(out), new PrintWriter(err), all);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void typesListsEachTypeWithItsPluginAndThePluginsThatFailed() throws IOException {
        assertEquals(0, run("types").exitCode(), "every plugin started");
        TestPluginJars.corrupt(plugins, "x.jar");
        Run run = run("types");
        assertEquals(1, run.exitCode(), "a plugin failed: the listing still prints, and the exit code says so");
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("tests.MemoType") && l.endsWith("memo-plugin")), run.out());
        assertTrue(run.out().contains("Plugins not started:") && run.out().contains("x.jar"), run.out());

        JsonNode json = new ObjectMapper().readTree(run("types", "--json").out());
        assertEquals("tests.MemoType", json.path("types").get(0).path("fullName").asText());
        assertEquals("memo-plugin", json.path("types").get(0).path("plugin").asText());
        assertEquals("token", json.path("types").get(0).path("secretFields").get(0).asText());
    }

    @Test
    void elementsShowsStatusesAndFailsWhenOneIsBroken() throws IOException {
        Run ok = run("elements");
        assertEquals(0, ok.exitCode(), ok.toString());
        assertTrue(ok.out().lines().anyMatch(l -> l.matches("memos\\.Good\\s+tests\\.MemoType\\s+DEFINED\\s+Good memo")), ok.out());

        write("memos/Broken/e.json", "{\"title\": \"Broken\", \"type\": \"tests.MemoType\"}");
        write("memos/Broken/Broken.json", "{\"label\": \"b\", \"size\": 0}");
        Run broken = run("elements");
        assertEquals(1, broken.exitCode(), broken.toString());
        assertTrue(broken.out().contains("memos.Broken BROKEN: invalid configuration in memos/Broken/Broken.json: size:"),
                broken.out());

        JsonNode json = new ObjectMapper().readTree(run("elements", "--json").out());
        assertEquals("tests.CliApp", json.path("appId").asText());
        assertEquals("BROKEN", json.path("elements").get(0).path("status").asText());
    }

    @Test
    void testExitsZeroOnlyOnSuccessAndShowsEachStep() throws IOException {
        Run good = run("test", "memos.Good");
        assertEquals(0, good.exitCode(), good.toString());
        assertTrue(good.out().startsWith("memos.Good: OK in "), good.out());
        assertTrue(good.out().lines().anyMatch(l -> l.matches("\\s+look\\s+SUCCESSFUL\\s+\\d+ ms\\s+found good")), good.out());
        assertTrue(good.out().contains("label: good"), good.out());

        Run down = run("test", "memos.Down");
        assertEquals(1, down.exitCode(), down.toString());
        assertTrue(down.out().contains("FAILED (UNREACHABLE)") && down.out().contains("memo store is down"), down.out());
        assertTrue(down.out().lines().anyMatch(l -> l.matches("\\s+write\\s+FAILED\\s+\\d+ ms\\s+memo store is down")), down.out());

        JsonNode json = new ObjectMapper().readTree(run("test", "memos.Down", "--json").out());
        assertEquals("UNREACHABLE", json.path("code").asText());
        assertEquals(false, json.path("success").asBoolean());
        assertEquals("write", json.path("steps").get(1).path("name").asText());

        Run missing = run("test", "memos.Nope");
        assertEquals(1, missing.exitCode());
        assertTrue(missing.out().contains("memos.Nope"), missing.out());
        assertTrue(missing.out().contains("NOT_FOUND"), "a missing element is not an invalid configuration: " + missing.out());
    }

    @Test
    void usageAndAppErrorsAreOneLineWithTheirExitCodes() {
        Run usage = run("test");
        assertEquals(DevportalCli.USAGE, usage.exitCode());
        assertTrue(usage.err().contains("FULLNAME"), usage.err());
        assertEquals(DevportalCli.USAGE, run("test", "memos.Good", "--timeout", "-1").exitCode());

        app = temp.resolve("no-such-app");
        Run noApp = run("elements");
        assertEquals(DevportalCli.FAILED, noApp.exitCode());
        assertTrue(noApp.err().contains("no-such-app") && noApp.err().lines().count() == 1, noApp.err());
    }

    private void write(String relative, String text) throws IOException {
        Path file = app.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
