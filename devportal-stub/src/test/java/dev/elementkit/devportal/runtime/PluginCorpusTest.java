package dev.elementkit.devportal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.platform.element.Element;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad plugin JARs a careless or hostile user can drop into the plugins folder or upload, each built here: every
 * one is refused with a reason naming its JAR, no operation hangs (each test has a watchdog: PF4J 3.15 loops forever
 * on a dependency cycle if the host lets it), and the good plugin next to it keeps running.
 */
@Timeout(60)
class PluginCorpusTest {

    @TempDir
    Path temp;
    Path app;
    Path plugins;
    Host host;

    @BeforeEach
    void app() throws IOException {
        app = temp.resolve("app");
        plugins = temp.resolve("plugins");
        Files.createDirectories(app.resolve("memos/Kept"));
        Files.writeString(app.resolve("app.json"), "{\"appId\": \"tests.Corpus\"}");
        Files.writeString(app.resolve("memos/Kept/e.json"), "{\"title\": \"Kept\", \"type\": \"tests.MemoType\"}");
        Files.writeString(app.resolve("memos/Kept/Kept.json"), "{\"label\": \"kept\"}");
        TestPluginJars.memoPlugin(plugins, "memo-plugin", ">=1.0.0");
    }

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    private Host open(Duration limit) {
        host = Host.open(new HostOptions(app, plugins, Map.of(), false, limit));
        return host;
    }

    private Map<String, PluginInfo> byId() {
        Map<String, PluginInfo> all = new HashMap<>();
        host.plugins().forEach(p -> all.put(p.id(), p));
        return all;
    }

    private void assertRefused(PluginInfo info, String state, String jarName, String... details) {
        assertEquals(state, info.state(), info.toString());
        assertTrue(info.error().contains(jarName), info.error());
        for (String detail : details) {
            assertTrue(info.error().contains(detail), "expected '" + detail + "' in: " + info.error());
        }
        assertFalse(info.error().contains("NullPointerException"), info.error());
        assertFalse(info.error().contains("PluginDependency ["), "PF4J's toString stays out: " + info.error());
    }

    private void assertMemoRuns() {
        assertEquals("STARTED", byId().get("memo-plugin").state());
        assertTrue(host.type(TestPluginJars.MEMO_TYPE).isPresent());
        assertEquals("kept/1/", host.app().getElement("memos.Kept").toString());
    }

    /**
     * A plugin that bundles cache-elements would load without a single Type (its ElementType is not the host's) and
     * its TCK would blame extensions.idx; the host names the real cause, in PluginJarCheck's words.
     */
    @Test
    void aPluginBundlingAHostLibraryIsRefusedNamingTheLibraryAndProvidedScope() throws IOException {
        Path bundling = TestPluginJars.bundlingCacheElements(plugins, "bundler");
        open(HostOptions.DEFAULT_PLUGIN_CALL_LIMIT);
        assertRefused(byId().get("bundler"), "FAILED", "bundler-1.0.0.jar", "plugin 'bundler'",
                "bundles dev.elementkit:cache-elements (e.g. dev/elementkit/cache/", "use provided scope");
        assertMemoRuns();

        Path upload = Files.copy(bundling, temp.resolve(bundling.getFileName()));
        Files.delete(bundling);
        host.plugins();
        PluginInstallException refused = assertThrows(PluginInstallException.class, () -> host.installPlugin(upload));
        assertTrue(refused.getMessage().contains("dev.elementkit:cache-elements"), refused.getMessage());
        assertMemoRuns();
    }

    @Test
    void aPluginDependingOnItselfIsRefusedAtStartAndOnUpload() throws IOException {
        Path selfish = TestPluginJars.dependent(plugins, "selfish", "selfish");
        open(HostOptions.DEFAULT_PLUGIN_CALL_LIMIT);
        assertRefused(byId().get("selfish"), "FAILED", "selfish-1.0.0.jar", "depends on itself");
        assertMemoRuns();

        Path upload = Files.copy(selfish, temp.resolve(selfish.getFileName()));
        Files.delete(selfish);
        host.plugins();
        PluginInstallException refused = assertThrows(PluginInstallException.class, () -> host.installPlugin(upload));
        assertTrue(refused.getMessage().contains("selfish-1.0.0.jar") && refused.getMessage().contains("itself"),
                refused.getMessage());
        assertMemoRuns();
    }

    @Test
    void twoPluginsDependingOnEachOtherAreBothRefusedAndTheOthersRun() throws IOException {
        TestPluginJars.dependent(plugins, "ping", "pong");
        TestPluginJars.dependent(plugins, "pong", "ping");
        open(HostOptions.DEFAULT_PLUGIN_CALL_LIMIT);
        assertRefused(byId().get("ping"), "FAILED", "ping-1.0.0.jar", "cycle", "ping → pong → ping");
        assertRefused(byId().get("pong"), "FAILED", "pong-1.0.0.jar", "cycle");
        assertMemoRuns();
    }

    @Test
    void aDroppedInCycleDoesNotStopTheFolderWatcher() throws Exception {
        open(HostOptions.DEFAULT_PLUGIN_CALL_LIMIT);
        Path staging = temp.resolve("staging");
        Path ping = TestPluginJars.dependent(staging, "ping", "pong");
        Path pong = TestPluginJars.dependent(staging, "pong", "ping");
        Files.copy(ping, plugins.resolve(ping.getFileName()));
        Files.copy(pong, plugins.resolve(pong.getFileName()));
        PluginRuntime runtime = ((DefaultHost) host).runtime();
        while (!byId().containsKey("ping") || !byId().containsKey("pong")) {
            runtime.poll();
        }
        assertRefused(byId().get("ping"), "FAILED", "ping-1.0.0.jar", "cycle");
        assertMemoRuns();
    }

    @Test
    void aMissingOrWrongVersionDependencyWaitsNamingTheDependency() throws IOException {
        TestPluginJars.dependent(plugins, "needs-ghost", "ghost");
        TestPluginJars.dependent(plugins, "needs-new-memo", "memo-plugin@>=2.0.0");
        TestPluginJars.dependent(plugins, "needs-ghost-2", "ghost@>=2.0.0");
        open(HostOptions.DEFAULT_PLUGIN_CALL_LIMIT);
        assertRefused(byId().get("needs-ghost"), "UNRESOLVED", "needs-ghost-1.0.0.jar",
                "needs plugin 'ghost' (any version), which is not installed");
        assertRefused(byId().get("needs-ghost-2"), "UNRESOLVED", "needs-ghost-2-1.0.0.jar",
                "needs plugin 'ghost' (version >=2.0.0), which is not installed");
        assertRefused(byId().get("needs-new-memo"), "UNRESOLVED", "needs-new-memo-1.0.0.jar", ">=2.0.0", "1.0.0");
        assertMemoRuns();
    }

    @Test
    void aReplacementThatFailsToStartLeavesTheInstalledPluginItsJarAndItsElementsAsTheyWere() throws Exception {
        open(HostOptions.DEFAULT_PLUGIN_CALL_LIMIT);
        Element before = host.app().getElement("memos.Kept");
        Path memoJar = plugins.resolve("memo-plugin-1.0.0.jar");
        String stamp = HostSupport.stampOf(memoJar);
        // Same id and the same file name as the installed plugin, and its start() throws.
        Path bad = TestPluginJars.throwingStart(temp.resolve("upload"), "memo-plugin");

        PluginInstallException refused = assertThrows(PluginInstallException.class, () -> host.installPlugin(bad));
        assertTrue(refused.getMessage().contains("memo-plugin-1.0.0.jar")
                && refused.getMessage().contains("boom: cannot open the backend"), refused.getMessage());
        assertSame(before, host.app().getElement("memos.Kept"), "the running instance was not touched");
        assertEquals(stamp, HostSupport.stampOf(memoJar), "the installed JAR was not touched");
        assertMemoRuns();
        try (var files = Files.list(plugins)) {
            assertEquals(List.of("memo-plugin-1.0.0.jar"), files.map(p -> p.getFileName().toString()).toList());
        }

        host.close();
        open(HostOptions.DEFAULT_PLUGIN_CALL_LIMIT);
        assertMemoRuns();
    }

    @Test
    void aStartThatNeverReturnsIsFailedAfterTheLimitWhileListingAndElementsAnswer() throws Exception {
        Duration limit = Duration.ofSeconds(2);
        TestPluginJars.blockingStart(plugins, "stuck-at-start");
        open(limit);
        assertRefused(byId().get("stuck-at-start"), "FAILED", "stuck-at-start-1.0.0.jar", "start()",
                "did not return within 2000 ms");
        assertMemoRuns();

        Path upload = TestPluginJars.blockingStart(temp.resolve("upload"), "stuck-on-upload");
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Future<PluginInfo> install = executor.submit(() -> host.installPlugin(upload));
            while (!isRunning("stuck.StuckPlugin")) {
                Thread.onSpinWait();
            }
            // The upload is inside the plugin's start(): everything else answers meanwhile.
            assertTrue(byId().containsKey("memo-plugin"));
            assertEquals("kept/1/", host.app().getElement("memos.Kept").toString());
            assertFalse(install.isDone(), "the listing and the element answered before the upload's time limit");
            ExecutionException failed = assertThrows(ExecutionException.class, install::get);
            assertTrue(failed.getCause() instanceof PluginInstallException, failed.getCause().toString());
            assertTrue(failed.getCause().getMessage().contains("stuck-on-upload-1.0.0.jar")
                    && failed.getCause().getMessage().contains("did not return"), failed.getCause().getMessage());
        } finally {
            executor.shutdownNow();
        }
        assertFalse(Files.exists(plugins.resolve("stuck-on-upload-1.0.0.jar")));
        assertMemoRuns();
    }

    @Test
    void aTypeWhoseCreateNeverReturnsBreaksOnlyThatElementAfterTheLimit() throws Exception {
        Files.createDirectories(app.resolve("memos/Hangs"));
        Files.writeString(app.resolve("memos/Hangs/e.json"), "{\"type\": \"tests.MemoType\"}");
        Files.writeString(app.resolve("memos/Hangs/Hangs.json"), "{\"label\": \"hang\"}");
        open(Duration.ofSeconds(1));
        dev.elementkit.platform.app.BrokenElementException broken = assertThrows(
                dev.elementkit.platform.app.BrokenElementException.class, () -> host.app().getElement("memos.Hangs"));
        assertTrue(broken.getMessage().contains("did not return within 1000 ms")
                && broken.getMessage().contains("memos.Hangs"), broken.getMessage());
        assertMemoRuns();
        // The plugin stays usable and removable: its stop is bounded too.
        assertTrue(host.removePlugin("memo-plugin"));
        assertFalse(byId().containsKey("memo-plugin"));
    }

    @Test
    void aStopThatNeverReturnsCostsTheRemovalAtMostTheLimit() throws Exception {
        TestPluginJars.blockingStop(plugins, "stuck-at-stop");
        open(Duration.ofSeconds(1));
        assertEquals("STARTED", byId().get("stuck-at-stop").state());
        assertTrue(host.removePlugin("stuck-at-stop"));
        assertFalse(byId().containsKey("stuck-at-stop"));
        assertFalse(Files.exists(plugins.resolve("stuck-at-stop-1.0.0.jar")));
        assertMemoRuns();
        host.close(); // closing the host with such a plugin is bounded the same way (the watchdog would say)
    }

    private static boolean isRunning(String className) {
        return Thread.getAllStackTraces().values().stream().flatMap(Arrays::stream)
                .anyMatch(frame -> frame.getClassName().equals(className));
    }

    @Test
    void descriptorsAreCheckedAndEachProblemNamed() throws IOException {
        TestPluginJars.withManifest(plugins, "escaping-id.jar", manifest("../evil", "1.0.0", ">=1.0.0", "dep.DependentPlugin"));
        TestPluginJars.withManifest(plugins, "slash-id.jar", manifest("a/b", "1.0.0", ">=1.0.0", "dep.DependentPlugin"));
        TestPluginJars.withManifest(plugins, "bad-version.jar", manifest("bad-version", "one", ">=1.0.0", "dep.DependentPlugin"));
        TestPluginJars.withManifest(plugins, "bad-requires.jar", manifest("bad-requires", "1.0.0", ">=>=1..0", "dep.DependentPlugin"));
        TestPluginJars.withManifest(plugins, "no-class.jar", manifest("no-class", "1.0.0", ">=1.0.0", null));
        TestPluginJars.withManifest(plugins, "missing-class.jar", manifest("missing-class", "1.0.0", ">=1.0.0", "no.Such"));
        TestPluginJars.throwingConstructor(plugins, "bad-constructor");
        open(HostOptions.DEFAULT_PLUGIN_CALL_LIMIT);
        Map<Path, PluginInfo> byJar = new HashMap<>();
        host.plugins().forEach(p -> byJar.put(p.path().getFileName(), p));
        assertRefused(byJar.get(Path.of("escaping-id.jar")), "FAILED", "escaping-id.jar", "is not a plugin id");
        assertRefused(byJar.get(Path.of("slash-id.jar")), "FAILED", "slash-id.jar", "is not a plugin id");
        assertRefused(byJar.get(Path.of("bad-version.jar")), "FAILED", "bad-version.jar", "Plugin-Version 'one'",
                "is not a version");
        assertRefused(byJar.get(Path.of("bad-requires.jar")), "FAILED", "bad-requires.jar", "Plugin-Requires",
                "does not parse");
        assertRefused(byJar.get(Path.of("no-class.jar")), "FAILED", "no-class.jar", "has no Plugin-Class");
        assertRefused(byJar.get(Path.of("missing-class.jar")), "FAILED", "missing-class.jar", "'no.Such'",
                "cannot be loaded");
        assertRefused(byJar.get(Path.of("bad-constructor-1.0.0.jar")), "FAILED", "bad-constructor-1.0.0.jar",
                "constructor", "no configuration for the constructor");
        assertMemoRuns();
    }

    private static Map<String, String> manifest(String id, String version, String requires, String pluginClass) {
        Map<String, String> attributes = new HashMap<>();
        attributes.put("Plugin-Id", id);
        attributes.put("Plugin-Version", version);
        attributes.put("Plugin-Requires", requires);
        attributes.put("Plugin-Class", pluginClass);
        return attributes;
    }
}
