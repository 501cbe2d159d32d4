package dev.elementkit.devportal.service;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The cache-service contract on SQLite: {@code caches.Default} is the built-in cache's SQLite file under
 * {@code appData}, {@code caches.MyStore} a SQLite element of its own. The second client is the {@code sqlite3}
 * program on the same file (WAL lets it read beside the element; it waits for the element's writes).
 */
class CacheServiceSqliteIT extends CacheServiceContract {

    private Path file;

    @Override
    void defineElements(ServiceFixture fixture) throws Exception {
        fixture.element("caches.MyStore", "caches.SqliteType", Map.of("directory", "appData/mystore.db"), null);
        file = fixture.appDir.resolve("appData/caches/DefaultCache/sqlite.db");
    }

    private String sql(String statement) throws Exception {
        // Touch the element first so that the file and its table exist before sqlite3 opens it.
        cache("caches.Default").exists("probe");
        return Programs.run(List.of(Programs.require("sqlite3", "sqlite3"), "-cmd", ".timeout 5000", file.toString(),
                statement));
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    @Override
    String rawGet(String fullKey) throws Exception {
        String count = sql("SELECT count(*) FROM cache_entries WHERE key = " + literal(fullKey)
                + " AND (expires_at IS NULL OR expires_at > CAST(strftime('%s','now') AS INTEGER) * 1000)");
        if (count.equals("0")) {
            return null;
        }
        return sql("SELECT value FROM cache_entries WHERE key = " + literal(fullKey));
    }

    @Override
    void rawSet(String fullKey, String value) throws Exception {
        sql("INSERT OR REPLACE INTO cache_entries (key, value, expires_at) VALUES (" + literal(fullKey) + ", "
                + literal(value) + ", NULL)");
    }

    @Override
    void rawDelete(String fullKey) throws Exception {
        sql("DELETE FROM cache_entries WHERE key = " + literal(fullKey));
    }
}
