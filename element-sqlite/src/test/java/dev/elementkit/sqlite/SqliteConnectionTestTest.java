package dev.elementkit.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.platform.connection.ConnectionTestResult;
import dev.elementkit.platform.connection.StepOutcome;
import dev.elementkit.platform.connection.TestCode;
import dev.elementkit.platform.connection.TestStep;
import dev.elementkit.platform.element.ElementContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteConnectionTestTest {

    @TempDir
    Path appRoot;

    private ConnectionTestResult test(String directory) {
        return new SqliteCacheType().testConnection(new ElementContext("t", appRoot, "caches.New"),
                new SqliteConfig(directory, 2_000, 60), Duration.ofSeconds(5));
    }

    @Test
    void success_createsTheFile_andReportsItsFacts() {
        ConnectionTestResult result = test("appData/caches/New/sqlite.db");
        assertTrue(result.success(), result.toString());
        assertEquals(TestCode.OK, result.code());
        Path file = appRoot.resolve("appData/caches/New/sqlite.db");
        assertTrue(Files.isRegularFile(file));
        assertEquals(file.toString(), result.details().get("file"));
        assertEquals("wal", result.details().get("journal_mode"));
        assertTrue(String.valueOf(result.details().get("sqlite_version")).startsWith("3."));
        assertTrue(((Number) result.details().get("file_size_bytes")).longValue() > 0);
        assertEquals(List.of("resolve path", "create folders", "open database", "write and read"),
                result.steps().stream().map(TestStep::name).toList());
        assertTrue(result.steps().stream().allMatch(s -> s.outcome() == StepOutcome.SUCCESSFUL), result.toString());
        assertTrue(test("appData/caches/New/sqlite.db").success(), "a second test on the existing file");
    }

    @Test
    void aFolderUnderARegularFile_isAnIoError_namingThePath() throws Exception {
        Files.writeString(appRoot.resolve("plain.txt"), "not a folder");
        ConnectionTestResult result = test("plain.txt/sub/cache.db");
        assertFalse(result.success());
        assertEquals(TestCode.IO_ERROR, result.code());
        assertTrue(result.message().contains(appRoot.resolve("plain.txt").toString()), result.message());
        assertEquals(StepOutcome.FAILED, step(result, "create folders").outcome());
        assertEquals(StepOutcome.SKIPPED, step(result, "open database").outcome());
        assertEquals(StepOutcome.SKIPPED, step(result, "write and read").outcome());
    }

    @Test
    void aFileThatIsNotADatabase_isAnIoError() throws Exception {
        Files.writeString(appRoot.resolve("notes.db"), "these are notes, not a database ".repeat(200));
        ConnectionTestResult result = test("notes.db");
        assertFalse(result.success());
        assertEquals(TestCode.IO_ERROR, result.code());
        assertTrue(result.message().contains("not a SQLite database"), result.message());
        assertEquals(StepOutcome.FAILED, step(result, "open database").outcome());
    }

    @Test
    void aFolderInsteadOfAFile_isAnIoError_suggestingAFileName() throws Exception {
        Files.createDirectories(appRoot.resolve("caches"));
        ConnectionTestResult result = test("caches");
        assertFalse(result.success());
        assertEquals(TestCode.IO_ERROR, result.code());
        assertTrue(result.message().contains("sqlite.db"), result.message());
    }

    private static TestStep step(ConnectionTestResult result, String name) {
        return result.steps().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }
}
