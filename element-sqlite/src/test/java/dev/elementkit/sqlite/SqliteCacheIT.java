package dev.elementkit.sqlite;

import dev.elementkit.cache.tck.CachePluginTck;
import java.nio.file.Path;
import java.util.Map;

/** The cache contract, run against element-sqlite loaded from its built JAR through PF4J. */
class SqliteCacheIT extends CachePluginTck {

    private static final String FILE = "appData/caches/Tck/sqlite.db";

    @Override
    protected String pluginId() {
        return PluginUnderTest.ID;
    }

    @Override
    protected String typeName() {
        return PluginUnderTest.TYPE;
    }

    @Override
    protected Map<String, ?> config() {
        return Map.of("directory", FILE);
    }

    /** Rows written by another process with plain JDBC on the same file: no app prefix at all. */
    @Override
    protected OutsideKeys outsideKeys() {
        Path file = appRoot().resolve(FILE);
        return new OutsideKeys() {
            @Override
            public void set(String key, String value) throws Exception {
                RawSqlWorker.run(file, "INSERT OR REPLACE INTO " + SqliteFile.TABLE + " (key, value) VALUES (?, ?)",
                        key, value);
            }

            @Override
            public String get(String key) throws Exception {
                return RawSqlWorker.run(file, "SELECT value FROM " + SqliteFile.TABLE + " WHERE key = ?", key);
            }

            @Override
            public void delete(String key) throws Exception {
                RawSqlWorker.run(file, "DELETE FROM " + SqliteFile.TABLE + " WHERE key = ?", key);
            }
        };
    }
}
