package dev.elementkit.devportal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.elementkit.platform.element.FullName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElementFilesTest {

    @TempDir
    Path root;

    @Test
    void namesMapToFoldersInTheReferenceLayout() {
        ElementFiles files = new ElementFiles(root);
        FullName name = FullName.parse("caches.MyRedis");
        assertEquals(root.resolve("caches/MyRedis"), files.folder(name));
        assertEquals(root.resolve("caches/MyRedis/e.json"), files.descriptorFile(name));
        assertEquals(root.resolve("caches/MyRedis/MyRedis.json"), files.configFile(name));
        assertThrows(IllegalArgumentException.class, () -> FullName.parse("caches/../../etc"));
        assertThrows(IllegalArgumentException.class, () -> FullName.parse("caches..x"));
    }

    @Test
    void scanFindsEveryFolderWithAnEJsonAndSkipsAppDataAndHiddenFolders() throws IOException {
        write("caches/A/e.json", "{\"type\": \"caches.SqliteType\"}");
        write("caches/B/e.json", "{\"type\": \"caches.SqliteType\"}");
        write("caches/B/Nested/e.json", "{\"type\": \"caches.SqliteType\"}");
        write("caches/NotAnElement/readme.txt", "");
        write("appData/caches/X/e.json", "{}");
        write(".git/caches/Y/e.json", "{}");
        write("caches/bad-name/e.json", "{}");
        List<String> names = new ElementFiles(root).scan();
        assertEquals(List.of("caches.A", "caches.B", "caches.B.Nested", "caches.bad-name"), names);
    }

    @Test
    void readKeepsPlaceholdersAndReportsTheFileAtFault() throws Exception {
        write("caches/R/e.json", "{\"title\": \"R\", \"type\": \"caches.RedisType\"}");
        write("caches/R/R.json", "{\"password\": \"{{REDIS_PASSWORD}}\"}");
        write("caches/NoConfig/e.json", "{\"type\": \"caches.BuiltinsType\"}");
        write("caches/Bad/e.json", "{\"type\": ");
        ElementFiles files = new ElementFiles(root);

        ElementFiles.Declaration r = files.read(FullName.parse("caches.R")).orElseThrow();
        assertEquals("caches.RedisType", r.type());
        assertTrue(r.configText().contains("{{REDIS_PASSWORD}}"));
        assertEquals("caches/R/R.json", r.configSource());
        ElementFiles.Declaration noConfig = files.read(FullName.parse("caches.NoConfig")).orElseThrow();
        assertNull(noConfig.configText());
        assertEquals("caches.NoConfig", noConfig.title());
        assertTrue(files.read(FullName.parse("caches.Missing")).isEmpty());
        ElementProblem bad = assertThrows(ElementProblem.class, () -> files.read(FullName.parse("caches.Bad")));
        assertTrue(bad.getMessage().startsWith("caches/Bad/e.json is not valid JSON at line 1"), bad.getMessage());

        String before = files.stamp(FullName.parse("caches.R"));
        write("caches/R/R.json", "{\"password\": \"{{OTHER}}\"}");
        assertTrue(!before.equals(files.stamp(FullName.parse("caches.R"))), "an edit changes the stamp");
    }

    @Test
    void builtinCacheRunsOnSqliteUnderAppDataOrOnRedisWithAUrl() throws Exception {
        write("app.json", "{\"appId\": \"a.B\"}");
        AppSettings desktop = AppSettings.read(root, new ObjectMapper());
        BuiltinCache.Backing sqlite = BuiltinCache.backing(FullName.parse("caches.Default"), desktop,
                new AppVariables(root, java.util.Map.of()));
        assertEquals(BuiltinCache.SQLITE_TYPE, sqlite.type());
        assertEquals("appData/caches/DefaultCache/sqlite.db", sqlite.config().get("directory"));

        BuiltinCache.Backing redis = BuiltinCache.backing(FullName.parse("caches.Default"), desktop,
                new AppVariables(root, java.util.Map.of("REDIS_URL", "redis://app:s%40cret@10.0.0.5:6380/2")));
        assertEquals(BuiltinCache.REDIS_TYPE, redis.type());
        assertEquals(java.util.Map.of("host", "10.0.0.5", "port", 6380, "db", 2, "username", "app", "password", "s@cret"),
                redis.config());
        assertTrue(!redis.why().contains("s@cret"));

        write("app.json", "{\"appId\": \"a.B\", \"settings\": {\"server\": true, \"redis\": {\"url\": \"redis://{{RHOST}}\"}}}");
        AppSettings server = AppSettings.read(root, new ObjectMapper());
        BuiltinCache.Backing fromSettings = BuiltinCache.backing(FullName.parse("caches.Default"), server,
                new AppVariables(root, java.util.Map.of("RHOST", "cache.internal")));
        assertEquals(java.util.Map.of("host", "cache.internal", "port", 6379), fromSettings.config());
        assertThrows(Placeholders.MissingVariableException.class, () -> BuiltinCache.backing(FullName.parse("caches.Default"),
                server, new AppVariables(root, java.util.Map.of())));
        assertEquals(java.util.Map.of("host", "h", "port", 6379, "ssl", true, "socket_timeout", new java.math.BigDecimal("2.5"),
                "db", 3L, "mode", "standalone"),
                BuiltinCache.redisConfig("rediss://h?socket_timeout=2.5&mode=standalone&db=3", "REDIS_URL"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> BuiltinCache.redisConfig("http://x", "the variable REDIS_URL"));
        assertTrue(bad.getMessage().contains("REDIS_URL"));
    }

    @Test
    void variableNamesForSecretsAreUpperSnakeCase() {
        assertEquals("MY_REDIS_PASSWORD", ElementWriter.variableName(FullName.parse("caches.MyRedis"), "password"));
        assertEquals("TONG_RDS_SENTINEL_PASSWORD", ElementWriter.variableName(FullName.parse("caches.TongRDS"), "sentinelPassword"));
        assertEquals("CACHE2_TLS_KEY_PASSWORD", ElementWriter.variableName(FullName.parse("caches.Cache2"), "tls_key-password"));
    }

    private void write(String relative, String text) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
