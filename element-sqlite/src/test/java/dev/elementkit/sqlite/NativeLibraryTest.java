package dev.elementkit.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.platform.element.ElementContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

class NativeLibraryTest {

    @TempDir
    Path appRoot;

    @Test
    @EnabledOnOs(OS.LINUX) // reads /proc/self/maps
    void theJvmMapsTheCopyUnderTheHomeFolder_notOneInTmp() throws Exception {
        SqliteFile file = SqliteFile.of(new ElementContext("t", appRoot, "caches.Native"),
                new SqliteConfig("sqlite.db", 2_000, 60));
        try (Connection connection = file.open(Duration.ofSeconds(5))) {
            assertTrue(connection.isValid(1));
        }
        Path folder = Paths.get(System.getProperty("user.home"), ".elementkit", "native",
                "sqlite-jdbc-" + SQLiteJDBCLoader.getVersion());
        Path library = folder.resolve(LibraryLoaderUtil.getNativeLibName());
        assertTrue(Files.isRegularFile(library), library.toString());
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of(library), files.toList(), "no half-written copy is left beside it");
        }
        String maps = Files.readString(Paths.get("/proc/self/maps"));
        assertTrue(maps.contains(library.toString()), "the JVM loaded " + library);
    }
}
