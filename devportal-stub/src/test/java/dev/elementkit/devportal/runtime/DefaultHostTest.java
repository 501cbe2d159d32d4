package dev.elementkit.devportal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.tck.TimeLimits;
import dev.elementkit.platform.app.BrokenElementException;
import dev.elementkit.platform.app.ElementInfo;
import dev.elementkit.platform.app.ElementNotFoundException;
import dev.elementkit.platform.app.ElementStatus;
import dev.elementkit.platform.app.WrongElementTypeException;
import dev.elementkit.platform.config.InvalidConfigurationException;
import dev.elementkit.platform.connection.ConnectionTestResult;
import dev.elementkit.platform.connection.StepOutcome;
import dev.elementkit.platform.connection.TestCode;
import dev.elementkit.platform.element.Element;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host over real PF4J plugin JARs built at test time (the memo type and broken JARs), and a real app folder.
 * The SQLite plugin's end-to-end tests are in {@code HostSqliteIT}.
 */
class DefaultHostTest {

    @TempDir
    Path temp;
    Path app;
    Path plugins;
    Host host;
    /** The app's clock for re-checking changed files: tests move it instead of sleeping. */
    final AtomicLong ticker = new AtomicLong();

    @BeforeEach
    void app() throws IOException {
        app = temp.resolve("app");
        plugins = temp.resolve("plugins");
        write("app.json", "{\"appId\": \"tests.HostApp\", \"settings\": {\"defaultElement\": {\"defaultMemo\": \"memos.Good\"}}}");
        element("memos.Good", "tests.MemoType", "{\"label\": \"{{MEMO_LABEL}}\", \"size\": \"{{MEMO_SIZE}}\"}");
        write(".env", "# test variables\nMEMO_SIZE=3\nMEMO_LABEL=from-dotenv\n");
        element("memos.Other", "tests.MemoType", "{\"label\": \"other\"}");
        element("memos.BadJson", "tests.MemoType", "{\"label\": \"x\",, }");
        element("memos.Unknown", "tests.NoSuchType", "{}");
        element("memos.Invalid", "tests.MemoType", "{\"label\": \"ok\", \"size\": 0}");
        element("memos.NoVar", "tests.MemoType", "{\"label\": \"{{NOT_SET_ANYWHERE}}\"}");
        element("memos.Explodes", "tests.MemoType", "{\"label\": \"explode\"}");
        write("memos/BadDescriptor/e.json", "{\"title\": \"no type\"}");
    }

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    private Host open(boolean watch) {
        host = DefaultHost.open(new HostOptions(app, plugins, Map.of("MEMO_LABEL", "from-env"), watch), ticker::get);
        return host;
    }

    @Test
    void brokenPluginsAreRecordedWithTheirJarAndTheOthersStart() throws IOException {
        TestPluginJars.memoPlugin(plugins, "memo-plugin", ">=1.0.0");
        TestPluginJars.corrupt(plugins, "x.jar");
        TestPluginJars.withoutPluginId(plugins, "no-id.jar");
        TestPluginJars.throwingStart(plugins, "bad-start");
        TestPluginJars.memoPlugin(plugins, "too-new", ">=9.0.0");
        open(false);

        Map<String, PluginInfo> byFile = host.plugins().stream()
                .collect(Collectors.toMap(p -> p.path().getFileName().toString(), p -> p));
        assertEquals(5, byFile.size(), byFile.toString());
        PluginInfo memo = byFile.get("memo-plugin-1.0.0.jar");
        assertEquals("STARTED", memo.state());
        assertNull(memo.error());
        assertEquals(List.of(TestPluginJars.MEMO_TYPE), memo.types());

        assertTrue(byFile.get("x.jar").error().startsWith("x.jar: not a readable JAR file"), byFile.get("x.jar").error());
        assertTrue(byFile.get("no-id.jar").error().contains("no-id.jar") && byFile.get("no-id.jar").error().contains("id"),
                byFile.get("no-id.jar").error());
        PluginInfo badStart = byFile.get("bad-start-1.0.0.jar");
        assertEquals("FAILED", badStart.state());
        assertTrue(badStart.error().contains("bad-start-1.0.0.jar") && badStart.error().contains("boom"), badStart.error());
        PluginInfo tooNew = byFile.get("too-new-1.0.0.jar");
        assertEquals("DISABLED", tooNew.state());
        assertTrue(tooNew.error().contains(">=9.0.0") && tooNew.error().contains("too-new-1.0.0.jar"), tooNew.error());
        // The plugin that requires 9.0.0 gives the same type: it must not have been registered.
        assertEquals("memo-plugin", host.type(TestPluginJars.MEMO_TYPE).orElseThrow().pluginId());
    }

    @Test
    void aPluginWaitingForItsDependencyIsRecordedAndStartsWhenTheDependencyArrives() throws IOException {
        TestPluginJars.dependent(plugins, "needs-memo", "memo-plugin");
        TestPluginJars.throwingStart(plugins, "bad-start");
        open(false);
        PluginInfo waiting = host.plugins().stream().filter(p -> p.id().equals("needs-memo")).findFirst().orElseThrow();
        assertEquals("UNRESOLVED", waiting.state());
        assertTrue(waiting.error().contains("needs-memo-1.0.0.jar") && waiting.error().contains("memo-plugin"),
                waiting.error());

        host.installPlugin(TestPluginJars.memoPlugin(temp.resolve("elsewhere"), "memo-plugin", ">=1.0.0"));
        Map<String, String> states = host.plugins().stream().collect(Collectors.toMap(PluginInfo::id, PluginInfo::state));
        assertEquals(Map.of("needs-memo", "STARTED", "memo-plugin", "STARTED", "bad-start", "FAILED"), states);

        // Removing the dependency takes the dependent down with it, recorded as such.
        host.removePlugin("memo-plugin");
        PluginInfo orphan = host.plugins().stream().filter(p -> p.id().equals("needs-memo")).findFirst().orElseThrow();
        assertTrue(orphan.error().contains("memo-plugin"), orphan.error());
    }

    @Test
    void elementsAreListedWithStatusAndTheErrorNamesFileAndField() throws IOException {
        TestPluginJars.memoPlugin(plugins, "memo-plugin", ">=1.0.0");
        open(false);
        Map<String, ElementInfo> byName = host.elements().stream().collect(Collectors.toMap(ElementInfo::fullName, e -> e));

        assertEquals(ElementStatus.DEFINED, byName.get("memos.Good").status());
        assertEquals(ElementStatus.DEFINED, byName.get("memos.Other").status());
        assertEquals(ElementStatus.TYPE_MISSING, byName.get("memos.Unknown").status());
        assertTrue(byName.get("memos.Unknown").error().contains("memos/Unknown/e.json"));
        assertBroken(byName, "memos.BadJson", "memos/BadJson/BadJson.json", "JSON");
        assertBroken(byName, "memos.Invalid", "memos/Invalid/Invalid.json", "size");
        assertBroken(byName, "memos.NoVar", "memos/NoVar/NoVar.json", "NOT_SET_ANYWHERE");
        assertBroken(byName, "memos.BadDescriptor", "memos/BadDescriptor/e.json", "type");

        Element good = host.app().getElement("memos.Good");
        assertEquals(ElementStatus.READY, host.app().elements().stream()
                .filter(e -> e.fullName().equals("memos.Good")).findFirst().orElseThrow().status());
        assertThrows(BrokenElementException.class, () -> host.app().getElement("memos.Explodes"));
        assertBroken(host.elements().stream().collect(Collectors.toMap(ElementInfo::fullName, e -> e)),
                "memos.Explodes", "memos/Explodes/Explodes.json", "refused");
        assertSame(good, host.app().getElement("memos.Good"));
    }

    private static void assertBroken(Map<String, ElementInfo> byName, String name, String file, String detail) {
        ElementInfo info = byName.get(name);
        assertEquals(ElementStatus.BROKEN, info.status(), name + ": " + info);
        assertTrue(info.error().contains(file) && info.error().contains(detail), name + ": " + info.error());
    }

    @Test
    void getElementResolvesVariablesEnvironmentFirstAndSharesOneInstance() throws Exception {
        TestPluginJars.memoPlugin(plugins, "memo-plugin", ">=1.0.0");
        open(false);

        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Element>> futures = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            futures.add(pool.submit(() -> host.app().getElement("memos.Good")));
        }
        Set<Element> distinct = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Future<Element> future : futures) {
            distinct.add(future.get());
        }
        pool.shutdown();
        assertEquals(1, distinct.size(), "one instance for every caller");
        Element good = distinct.iterator().next();
        // MEMO_LABEL comes from the environment over .env; the quoted "{{MEMO_SIZE}}" became the number 3.
        assertEquals("from-env/3/", good.toString());
        assertSame(good, host.app().getDefaultElement("defaultMemo", Element.class));
        assertTrue(Files.exists(app.resolve("appData/memo/memos.Good-from-env.open")));
    }

    @Test
    void distinctExceptionsNameTheElementAndFile() throws IOException {
        TestPluginJars.memoPlugin(plugins, "memo-plugin", ">=1.0.0");
        open(false);

        ElementNotFoundException notFound = assertThrows(ElementNotFoundException.class,
                () -> host.app().getElement("memos.Nope"));
        assertTrue(notFound.getMessage().contains("memos.Nope") && notFound.getMessage().contains("memos/Nope/"));
        assertThrows(ElementNotFoundException.class, () -> host.app().getElement("../etc"));

        WrongElementTypeException wrong = assertThrows(WrongElementTypeException.class,
                () -> host.app().getElement("memos.Other", Cache.class));
        assertTrue(wrong.getMessage().contains("memos.Other") && wrong.getMessage().contains("Cache"), wrong.getMessage());

        BrokenElementException invalid = assertThrows(BrokenElementException.class,
                () -> host.app().getElement("memos.Invalid"));
        assertTrue(invalid.getMessage().contains("memos/Invalid/Invalid.json") && invalid.getMessage().contains("size"),
                invalid.getMessage());
        BrokenElementException noVar = assertThrows(BrokenElementException.class,
                () -> host.app().getElement("memos.NoVar"));
        assertTrue(noVar.getMessage().contains("NOT_SET_ANYWHERE") && noVar.getMessage().contains("memos/NoVar/NoVar.json"),
                noVar.getMessage());
        BrokenElementException unknownType = assertThrows(BrokenElementException.class,
                () -> host.app().getElement("memos.Unknown"));
        assertTrue(unknownType.getMessage().contains("tests.NoSuchType"), unknownType.getMessage());
        // The broken ones took nothing else down.
        assertEquals("other/1/", host.app().getElement("memos.Other").toString());
    }

    @Test
    void anEditedElementIsClosedAndRecreatedADeletedOneClosed() throws Exception {
        TestPluginJars.memoPlugin(plugins, "memo-plugin", ">=1.0.0");
        open(false);
        Element before = host.app().getElement("memos.Other");
        Path oldMarker = app.resolve("appData/memo/memos.Other-other.open");
        assertTrue(Files.exists(oldMarker));

        write("memos/Other/Other.json", "{\"label\": \"edited\", \"size\": 2}");
        Element after = awaitNewInstance("memos.Other", before);
        assertEquals("edited/2/", after.toString());
        assertFalse(Files.exists(oldMarker), "the old instance was closed");

        Files.delete(app.resolve("memos/Other/Other.json"));
        Files.delete(app.resolve("memos/Other/e.json"));
        passRecheckInterval();
        assertThrows(ElementNotFoundException.class, () -> host.app().getElement("memos.Other"));
        assertFalse(Files.exists(app.resolve("appData/memo/memos.Other-edited.open")), "the deleted one was closed");
    }

    @Test
    void aChangedVariableRecreatesTheElementsUsingItAndOnlyThose() throws Exception {
        TestPluginJars.memoPlugin(plugins, "memo-plugin", ">=1.0.0");
        open(false);
        Element good = host.app().getElement("memos.Good");
        Element other = host.app().getElement("memos.Other");
        assertEquals("from-env/3/", good.toString());

        write(".env", "MEMO_SIZE=3\nMEMO_LABEL=from-dotenv\nUNRELATED=1\n");
        passRecheckInterval(); // the files are looked at again: see changesAreLookedAtOnlyAfterTheRecheckInterval
        assertSame(good, host.app().getElement("memos.Good"), "an unrelated variable keeps the instance");

        write(".env", "MEMO_SIZE=5\nMEMO_LABEL=from-dotenv\n");
        Element resized = awaitNewInstance("memos.Good", good);
        assertEquals("from-env/5/", resized.toString());
        assertSame(other, host.app().getElement("memos.Other"), "an element without variables is untouched");
    }

    private Element awaitNewInstance(String name, Element before) {
        passRecheckInterval();
        Element now = host.app().getElement(name);
        assertNotSame(before, now, name + " was not re-created after its file changed");
        return now;
    }

    private void passRecheckInterval() {
        ticker.addAndGet(TimeUnit.MILLISECONDS.toNanos(DefaultApp.RECHECK_MILLIS));
    }

    /**
     * The hot path looks at no file until the re-check interval has passed on the app's ticker, and then at once:
     * what makes "an unrelated variable keeps the instance" a real check (it is asserted after the interval).
     */
    @Test
    void changesAreLookedAtOnlyAfterTheRecheckInterval() throws Exception {
        TestPluginJars.memoPlugin(plugins, "memo-plugin", ">=1.0.0");
        open(false);
        Element good = host.app().getElement("memos.Good");
        write(".env", "MEMO_SIZE=4\nMEMO_LABEL=from-dotenv\n");
        ticker.addAndGet(TimeUnit.MILLISECONDS.toNanos(DefaultApp.RECHECK_MILLIS) - 1);
        assertSame(good, host.app().getElement("memos.Good"), "looked at the files before the interval");
        ticker.addAndGet(1);
        assertEquals("from-env/4/", host.app().getElement("memos.Good").toString());
    }

    @Test
    void closingTheHostClosesTheInstances() throws IOException {
        TestPluginJars.memoPlugin(plugins, "memo-plugin", ">=1.0.0");
        open(false);
        host.app().getElement("memos.Other");
        Path marker = app.resolve("appData/memo/memos.Other-other.open");
        assertTrue(Files.exists(marker));
        host.close();
        assertFalse(Files.exists(marker));
        host.close();
    }

    @Test
    void removingAPluginClosesItsInstancesAndItsElementsReportTypeMissing() throws IOException {
        TestPluginJars.memoPlugin(plugins, "memo-plugin", ">=1.0.0");
        open(false);
        List<String> changes = new CopyOnWriteArrayList<>();
        host.addListener((change, subject) -> changes.add(change + " " + subject));
        host.app().getElement("memos.Other");

        assertTrue(host.removePlugin("memo-plugin"));
        assertFalse(Files.exists(app.resolve("appData/memo/memos.Other-other.open")));
        assertFalse(Files.exists(plugins.resolve("memo-plugin-1.0.0.jar")));
        assertEquals(ElementStatus.TYPE_MISSING, host.elements().stream()
                .filter(e -> e.fullName().equals("memos.Other")).findFirst().orElseThrow().status());
        assertThrows(BrokenElementException.class, () -> host.app().getElement("memos.Other"));
        assertTrue(changes.contains("PLUGIN_UNLOADED memo-plugin"), changes.toString());
        assertFalse(host.removePlugin("memo-plugin"));

        PluginInfo installed = host.installPlugin(TestPluginJars.memoPlugin(temp.resolve("elsewhere"), "memo-plugin", ">=1.0.0"));
        assertEquals("STARTED", installed.state());
        assertEquals("other/1/", host.app().getElement("memos.Other").toString());
    }

    @Test
    void installRefusesBrokenJarsAndLeavesNothingBehind() throws IOException {
        open(false);
        Path elsewhere = temp.resolve("elsewhere");
        PluginInstallException corrupt = assertThrows(PluginInstallException.class,
                () -> host.installPlugin(TestPluginJars.corrupt(elsewhere, "x.jar")));
        assertTrue(corrupt.getMessage().startsWith("x.jar"), corrupt.getMessage());
        PluginInstallException tooNew = assertThrows(PluginInstallException.class,
                () -> host.installPlugin(TestPluginJars.memoPlugin(elsewhere, "too-new", ">=9.0.0")));
        assertTrue(tooNew.getMessage().contains(">=9.0.0"), tooNew.getMessage());
        PluginInstallException badStart = assertThrows(PluginInstallException.class,
                () -> host.installPlugin(TestPluginJars.throwingStart(elsewhere, "bad-start")));
        assertTrue(badStart.getMessage().contains("boom"), badStart.getMessage());
        try (var files = Files.list(plugins)) {
            assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".jar")).collect(Collectors.toList()));
        }
        assertEquals(List.of(), host.plugins());
    }

    @Test
    @Tag(TimeLimits.TAG)
    void aJarDroppedIntoTheWatchedFolderIsLoadedAndARemovedOneUnloaded() throws Exception {
        long within = TimeLimits.scaled(Duration.ofSeconds(2)).toNanos();
        open(true);
        assertTrue(host.type(TestPluginJars.MEMO_TYPE).isEmpty());
        List<String> changes = new CopyOnWriteArrayList<>();
        host.addListener((change, subject) -> changes.add(change + " " + subject));

        Path staged = TestPluginJars.memoPlugin(temp.resolve("staging"), "memo-plugin", ">=1.0.0");
        Files.copy(staged, plugins.resolve(staged.getFileName()));
        long dropped = System.nanoTime();
        while (host.type(TestPluginJars.MEMO_TYPE).isEmpty() && System.nanoTime() - dropped < within) {
            Thread.sleep(20);
        }
        assertTrue(host.type(TestPluginJars.MEMO_TYPE).isPresent(), "the dropped-in JAR's type appears within 2 s");
        assertTrue(changes.contains("PLUGIN_LOADED memo-plugin"), changes.toString());
        host.app().getElement("memos.Other");

        Files.delete(plugins.resolve(staged.getFileName()));
        long removed = System.nanoTime();
        while (host.type(TestPluginJars.MEMO_TYPE).isPresent() && System.nanoTime() - removed < within) {
            Thread.sleep(20);
        }
        assertTrue(host.type(TestPluginJars.MEMO_TYPE).isEmpty());
        assertFalse(Files.exists(app.resolve("appData/memo/memos.Other-other.open")), "its instance was closed first");

        Path corrupt = TestPluginJars.corrupt(temp.resolve("staging"), "x.jar");
        Files.copy(corrupt, plugins.resolve("x.jar"));
        long broken = System.nanoTime();
        // The listing is a snapshot published when a plugin operation ends, so wait for the corrupt JAR in it.
        while (host.plugins().stream().noneMatch(p -> p.id().equals("x.jar"))
                && System.nanoTime() - broken < within) {
            Thread.sleep(20);
        }
        assertEquals(List.of("x.jar"), host.plugins().stream().map(PluginInfo::id).toList());
        assertTrue(changes.contains("PLUGIN_FAILED x.jar"), changes.toString());
    }

    @Test
    void createWritesTheReferenceLayoutAndMovesSecretsToDotEnv() throws IOException {
        TestPluginJars.memoPlugin(plugins, "memo-plugin", ">=1.0.0");
        open(false);
        Map<String, Object> config = new java.util.LinkedHashMap<>();
        config.put("label", "created");
        config.put("size", 4);
        config.put("token", "s3cr\"et");
        ElementInfo info = host.createElement(new ElementDraft("memos.NewMemo", TestPluginJars.MEMO_TYPE, "New memo", config));
        assertEquals(ElementStatus.DEFINED, info.status());

        String configText = Files.readString(app.resolve("memos/NewMemo/NewMemo.json"));
        assertFalse(configText.contains("s3cr"), configText);
        assertTrue(configText.contains("{{NEW_MEMO_TOKEN}}"), configText);
        assertTrue(Files.readString(app.resolve("memos/NewMemo/e.json")).contains("\"tests.MemoType\""));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(app.resolve(".env"))));
        assertEquals("s3cr\"et", host.variables().get("NEW_MEMO_TOKEN").orElseThrow());
        assertFalse(Files.readString(app.resolve(AppVariables.DEFINITIONS)).contains("s3cr"));
        assertEquals("created/4/s3cr\"et", host.app().getElement("memos.NewMemo").toString());
        assertEquals("{{NEW_MEMO_TOKEN}}", host.readElement("memos.NewMemo").config().get("token"));

        assertThrows(ElementExistsException.class, () -> host.createElement(
                new ElementDraft("memos.NewMemo", TestPluginJars.MEMO_TYPE, null, config)));
        InvalidConfigurationException invalid = assertThrows(InvalidConfigurationException.class,
                () -> host.createElement(new ElementDraft("memos.Other2", TestPluginJars.MEMO_TYPE, null,
                        Map.of("label", "", "size", 0))));
        Set<String> fields = new HashSet<>();
        invalid.errors().forEach(e -> fields.add(e.field()));
        assertEquals(Set.of("label", "size"), fields);
        assertFalse(Files.exists(app.resolve("memos/Other2")), "nothing written");
        InvalidConfigurationException unknownVariable = assertThrows(InvalidConfigurationException.class,
                () -> host.createElement(new ElementDraft("memos.Other3", TestPluginJars.MEMO_TYPE, null,
                        Map.of("label", "{{NOT_SET_ANYWHERE}}"))));
        assertEquals("label", unknownVariable.errors().get(0).field());
        assertTrue(unknownVariable.errors().get(0).message().contains("NOT_SET_ANYWHERE"));
        assertThrows(InvalidConfigurationException.class, () -> host.createElement(
                new ElementDraft("../escape", TestPluginJars.MEMO_TYPE, null, Map.of("label", "x"))));

        // Update: the secret left out keeps its value; the running instance is replaced.
        Element before = host.app().getElement("memos.NewMemo");
        host.updateElement(new ElementDraft("memos.NewMemo", TestPluginJars.MEMO_TYPE, "Renamed",
                Map.of("label", "updated")));
        Element after = host.app().getElement("memos.NewMemo");
        assertNotSame(before, after);
        assertEquals("updated/1/s3cr\"et", after.toString());
        assertEquals("Renamed", host.readElement("memos.NewMemo").title());

        assertTrue(host.deleteElement("memos.NewMemo"));
        assertFalse(Files.exists(app.resolve("memos/NewMemo")));
        assertFalse(Files.exists(app.resolve("appData/memo/memos.NewMemo-updated.open")));
        assertFalse(host.deleteElement("memos.NewMemo"));
    }

    @Test
    @Tag(TimeLimits.TAG)
    void testsNeverThrowAndAreBoundedByTheTimeout() throws IOException {
        TestPluginJars.memoPlugin(plugins, "memo-plugin", ">=1.0.0");
        element("memos.Down", "tests.MemoType", "{\"label\": \"down\"}");
        element("memos.Slow", "tests.MemoType", "{\"label\": \"slow\"}");
        open(false);

        ConnectionTestResult ok = host.testElement("memos.Other", Duration.ofSeconds(5));
        assertTrue(ok.success(), ok.toString());
        assertEquals(List.of(StepOutcome.SUCCESSFUL, StepOutcome.SUCCESSFUL),
                ok.steps().stream().map(s -> s.outcome()).collect(Collectors.toList()));

        ConnectionTestResult down = host.testElement("memos.Down", Duration.ofSeconds(5));
        assertEquals(TestCode.UNREACHABLE, down.code());
        assertEquals(StepOutcome.FAILED, down.steps().get(1).outcome());

        long start = System.nanoTime();
        ConnectionTestResult slow = host.testElement("memos.Slow", Duration.ofMillis(500));
        assertEquals(TestCode.TIMEOUT, slow.code(), slow.toString());
        assertTrue(System.nanoTime() - start < TimeLimits.scaled(Duration.ofSeconds(3)).toNanos());

        assertEquals(TestCode.INVALID_CONFIG, host.testElement("memos.Invalid", Duration.ofSeconds(1)).code());
        assertEquals(TestCode.INVALID_CONFIG, host.testElement("memos.NoVar", Duration.ofSeconds(1)).code());
        ConnectionTestResult missingType = host.testElement("memos.Unknown", Duration.ofSeconds(1));
        assertFalse(missingType.success());
        assertTrue(missingType.message().contains("tests.NoSuchType"), missingType.message());
        assertEquals(TestCode.NOT_FOUND, host.testElement("memos.Nope", Duration.ofSeconds(1)).code());

        assertTrue(host.testDraft(new ElementDraft("memos.Draft", TestPluginJars.MEMO_TYPE, null,
                Map.of("label", "{{MEMO_LABEL}}")), Duration.ofSeconds(5)).success());
        ConnectionTestResult invalidDraft = host.testDraft(new ElementDraft("memos.Draft", TestPluginJars.MEMO_TYPE,
                null, Map.of("size", -1)), Duration.ofSeconds(5));
        assertEquals(TestCode.INVALID_CONFIG, invalidDraft.code());
        assertTrue(invalidDraft.message().contains("label") && invalidDraft.message().contains("size"), invalidDraft.message());
    }

    @Test
    void aMissingOrMalformedAppJsonIsAnErrorNamingTheFile() throws IOException {
        Files.delete(app.resolve("app.json"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> open(false));
        assertTrue(missing.getMessage().contains("app.json"), missing.getMessage());
        write("app.json", "{\"appId\": ");
        IllegalArgumentException malformed = assertThrows(IllegalArgumentException.class, () -> open(false));
        assertTrue(malformed.getMessage().contains("app.json") && malformed.getMessage().contains("line"),
                malformed.getMessage());
        write("app.json", "{\"name\": \"x\"}");
        IllegalArgumentException noId = assertThrows(IllegalArgumentException.class, () -> open(false));
        assertTrue(noId.getMessage().contains("appId"), noId.getMessage());
    }

    private void element(String fullName, String type, String config) throws IOException {
        String path = fullName.replace('.', '/');
        String simple = fullName.substring(fullName.lastIndexOf('.') + 1);
        write(path + "/e.json", "{\"title\": \"" + simple + "\", \"type\": \"" + type + "\"}");
        write(path + "/" + simple + ".json", config);
    }

    private void write(String relative, String text) throws IOException {
        Path file = app.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
