package dev.elementkit.devportal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.platform.config.InvalidConfigurationException;
import dev.elementkit.platform.connection.ConnectionTestResult;
import dev.elementkit.platform.connection.TestCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configurations arriving through the API (draft test, create, update) can name only the app's own variables, and
 * no resolved value comes back in a result or message: the attacks the outside test found, as regression tests.
 */
@Timeout(60)
class VariablesThroughTheApiTest {

    private static final String SECRET = "ZqX7-S3cret-Alpha";
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    Path temp;
    Host host;

    @BeforeEach
    void open() throws IOException {
        Path app = temp.resolve("app");
        Files.createDirectories(app.resolve("memos/Saved"));
        Files.writeString(app.resolve("app.json"), "{\"appId\": \"tests.Vars\"}");
        Files.writeString(app.resolve(".env"), "DECLARED_SECRET=" + SECRET + "\n");
        Files.writeString(app.resolve("memos/Saved/e.json"), "{\"type\": \"tests.MemoType\"}");
        Files.writeString(app.resolve("memos/Saved/Saved.json"), "{\"label\": \"{{USED_BY_A_FILE}}\", \"size\": {{SIZE}}}");
        TestPluginJars.memoPlugin(temp.resolve("plugins"), "memo-plugin", ">=1.0.0");
        host = Host.open(new HostOptions(app, temp.resolve("plugins"), Map.of("SERVER_ONLY", SECRET,
                "USED_BY_A_FILE", "file-label", "SIZE", "4", "DEVPORTAL_API_TOKEN", SECRET), false));
    }

    @AfterEach
    void close() {
        host.close();
    }

    private ConnectionTestResult draft(Map<String, Object> config) {
        return host.testDraft(new ElementDraft("memos.Draft", TestPluginJars.MEMO_TYPE, null, config), TIMEOUT);
    }

    @Test
    void aDraftCannotReadTheServersEnvironment() {
        for (String variable : new String[] {"SERVER_ONLY", "DEVPORTAL_API_TOKEN", "PATH"}) {
            ConnectionTestResult result = draft(Map.of("label", "{{" + variable + "}}"));
            assertEquals(TestCode.INVALID_CONFIG, result.code(), result.toString());
            assertTrue(result.message().contains(variable) && result.message().contains("not one of this app's"),
                    result.message());
            assertFalse(result.toString().contains(SECRET), result.toString());
        }
        InvalidConfigurationException created = assertThrows(InvalidConfigurationException.class,
                () -> host.createElement(new ElementDraft("memos.Created", TestPluginJars.MEMO_TYPE, null,
                        Map.of("label", "{{SERVER_ONLY}}"))));
        assertFalse(created.getMessage().contains(SECRET), created.getMessage());
    }

    @Test
    void declaredVariablesAndThoseTheFilesUseWorkButTheirValuesNeverComeBack() {
        ConnectionTestResult declared = draft(Map.of("label", "{{DECLARED_SECRET}}"));
        assertEquals(TestCode.OK, declared.code(), declared.toString());
        assertFalse(declared.toString().contains(SECRET), declared.toString());
        assertTrue(declared.toString().contains("{{DECLARED_SECRET}}"), declared.toString());

        ConnectionTestResult fromFile = draft(Map.of("label", "{{USED_BY_A_FILE}}", "size", "{{SIZE}}"));
        assertEquals(TestCode.OK, fromFile.code(), fromFile.toString());
        assertFalse(fromFile.toString().contains("file-label"), fromFile.toString());

        ConnectionTestResult saved = host.testElement("memos.Saved", TIMEOUT);
        assertEquals(TestCode.OK, saved.code(), saved.toString());
        assertFalse(saved.toString().contains("file-label"), saved.toString());
    }

    @Test
    void aWholeValuePlaceholderStillBecomesANumber() {
        assertEquals("file-label/4/", host.app().getElement("memos.Saved").toString());
    }
}
