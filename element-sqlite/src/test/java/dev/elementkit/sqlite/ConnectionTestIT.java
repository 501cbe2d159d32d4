package dev.elementkit.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.config.InvalidConfigurationException;
import dev.elementkit.platform.connection.ConnectionTestResult;
import dev.elementkit.platform.connection.TestCode;
import dev.elementkit.platform.element.ElementContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Test Connection through the loaded plugin, as the portal calls it. */
class ConnectionTestIT {

    private static PluginHarness harness;

    @TempDir
    Path appRoot;

    @BeforeAll
    static void load() {
        harness = PluginHarness.load(PluginUnderTest.ID);
    }

    @AfterAll
    static void unload() {
        harness.close();
    }

    private ConnectionTestResult test(Map<String, ?> config) {
        return harness.test(PluginUnderTest.TYPE, new ElementContext("t", appRoot, "caches.New"), config,
                Duration.ofSeconds(10));
    }

    @Test
    void succeeds_onANewFile_withItsFacts() {
        ConnectionTestResult result = test(Map.of("directory", "appData/caches/New/sqlite.db"));
        assertTrue(result.success(), result.toString());
        assertEquals(appRoot.resolve("appData/caches/New/sqlite.db").toString(), result.details().get("file"));
        assertEquals("wal", result.details().get("journal_mode"));
        assertEquals(10_000L, ((Number) result.details().get("busy_timeout_ms")).longValue(), "the default applies");
    }

    @Test
    void aPathUnderARegularFile_isAnIoErrorNamingIt() throws Exception {
        Path plain = Files.writeString(appRoot.resolve("plain.txt"), "x");
        ConnectionTestResult result = test(Map.of("directory", "plain.txt/cache/sqlite.db"));
        assertFalse(result.success());
        assertEquals(TestCode.IO_ERROR, result.code());
        assertTrue(result.message().contains(plain.toString()), result.message());
    }

    @Test
    void aBlankDirectory_meansTheElementsOwnFile_asTheReferencePlatform() {
        ConnectionTestResult result = test(Map.of("directory", " "));
        assertTrue(result.success(), result.message());
        assertTrue(Files.exists(appRoot.resolve("appData/caches/New/sqlite.db")), "the default file of caches.New");
    }

    @Test
    void anInvalidField_isRefusedByValidation_beforeAnyIo() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> test(Map.of("directory", "x.db", "busy_timeout_ms", 5)));
        assertTrue(e.getMessage().contains("busy_timeout_ms"), e.getMessage());
        assertFalse(Files.exists(appRoot.resolve("x.db")), "nothing was opened");
    }
}
