package dev.elementkit.devportal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.platform.app.ElementInfo;
import dev.elementkit.platform.app.ElementStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host that starts plugins on demand (the CLI's and openApp's): the plugin of the Type an element needs starts
 * alone once the type index knows it, every answer that lists plugins or element states is the one an eagerly started
 * host gives, and a stale or missing index only costs starting them all.
 */
class PluginsOnDemandTest {

    @TempDir
    Path temp;
    Path app;
    Path plugins;
    Host host;
    final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void app() throws IOException {
        app = temp.resolve("app");
        plugins = temp.resolve("plugins");
        write("app.json", "{\"appId\": \"tests.OnDemand\"}");
        write("memos/Good/e.json", "{\"title\": \"Good\", \"type\": \"" + TestPluginJars.MEMO_TYPE + "\"}");
        write("memos/Good/Good.json", "{\"label\": \"good\"}");
        write("memos/Unknown/e.json", "{\"title\": \"Unknown\", \"type\": \"tests.NoSuchType\"}");
        TestPluginJars.memoPlugin(plugins, "memo-plugin", ">=1.0.0");
        TestPluginJars.dependent(plugins, "needs-memo", "memo-plugin");
        TestPluginJars.throwingStart(plugins, "bad-start");
    }

    @AfterEach
    void close() {
        if (host != null) {
            host.close();
        }
    }

    private Host open() {
        host = DefaultHost.open(new HostOptions(app, plugins, Map.of(), false).startingPluginsOnDemand(true));
        host.addListener((change, subject) -> events.add(change + " " + subject));
        return host;
    }

    @Test
    void nothingStartsUntilATypeIsNeededAndThenOnlyItsPluginOnceTheIndexKnowsIt() {
        open();
        assertEquals(List.of(), events, "opening started nothing");
        assertNotNull(host.app().getElement("memos.Good"));
        assertTrue(events.containsAll(List.of("PLUGIN_LOADED memo-plugin", "PLUGIN_LOADED needs-memo",
                "PLUGIN_FAILED bad-start")), "no index yet: every plugin was started " + events);
        host.close();
        assertTrue(Files.isRegularFile(plugins.resolve(TypeIndex.FILE_NAME)), "the index was written");

        events.clear();
        open();
        assertNotNull(host.app().getElement("memos.Good"));
        assertEquals(List.of("PLUGIN_LOADED memo-plugin"), events, "the index named the one JAR to start");

        Map<String, String> states = host.plugins().stream().collect(Collectors.toMap(PluginInfo::id,
                PluginInfo::state));
        assertEquals(Map.of("memo-plugin", "STARTED", "needs-memo", "STARTED", "bad-start", "FAILED"), states,
                "a listing starts the others first: the same answer as an eager host");
    }

    @Test
    void anElementStateIsTheEagerHostsAndAMissingTypeStartsEveryPluginToBeSure() {
        open();
        host.app().getElement("memos.Good");
        host.close();
        events.clear();

        open();
        Map<String, ElementStatus> statuses = host.elements().stream()
                .collect(Collectors.toMap(ElementInfo::fullName, ElementInfo::status));
        assertEquals(Map.of("memos.Good", ElementStatus.DEFINED, "memos.Unknown", ElementStatus.TYPE_MISSING), statuses);
        assertTrue(events.contains("PLUGIN_FAILED bad-start"), "no plugin gives tests.NoSuchType is known only after"
                + " starting them all: " + events);
    }

    @Test
    void aChangedJarIsNotTrustedToTheIndexAndEverythingStarts() throws IOException {
        open();
        host.app().getElement("memos.Good");
        host.close();
        Path memo = plugins.resolve("memo-plugin-1.0.0.jar");
        Files.setLastModifiedTime(memo, FileTime.fromMillis(Files.getLastModifiedTime(memo).toMillis() - 60_000));
        events.clear();

        open();
        assertNotNull(host.app().getElement("memos.Good"));
        assertTrue(events.contains("PLUGIN_FAILED bad-start"), "the entry did not match the JAR any more: " + events);
    }

    @Test
    void aGarbledIndexIsOnlyAMissingOne() throws IOException {
        Files.createDirectories(plugins);
        Files.writeString(plugins.resolve(TypeIndex.FILE_NAME), "memo-plugin-1.0.0.jar=\\u00zz|tests.MemoType\n");
        open();
        assertNotNull(host.app().getElement("memos.Good"));
        assertTrue(events.contains("PLUGIN_LOADED memo-plugin"), events.toString());
    }

    private void write(String relative, String text) throws IOException {
        Path file = app.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
