package dev.elementkit.sqlite;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.CacheElements;
import dev.elementkit.cache.CacheType;
import dev.elementkit.platform.connection.ConnectionTestResult;
import dev.elementkit.platform.element.ElementContext;
import dev.elementkit.platform.element.TypeDescriptor;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.pf4j.Extension;

/**
 * {@code caches.SqliteType}: a cache in a local SQLite file, for one machine (desktop installs, development, the
 * default cache). Stateless: open files live in {@link SqliteBackends}, shared by elements naming the same file.
 */
@Extension
public final class SqliteCacheType implements CacheType<SqliteConfig> {

    static final String FULL_NAME = "caches.SqliteType";

    private static final String ICON = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\" width=\"24\" "
            + "height=\"24\" fill=\"none\" stroke=\"#0F80CC\" stroke-width=\"1.6\" stroke-linecap=\"round\">"
            + "<ellipse cx=\"12\" cy=\"5\" rx=\"7\" ry=\"2.6\"/>"
            + "<path d=\"M5 5v14c0 1.4 3.1 2.6 7 2.6s7-1.2 7-2.6V5\"/>"
            + "<path d=\"M5 12c0 1.4 3.1 2.6 7 2.6s7-1.2 7-2.6\"/>"
            + "<path d=\"M14.5 9.5l3 3-3 3\" stroke=\"#F29111\"/></svg>";

    private static final TypeDescriptor DESCRIPTOR = CacheType.describe(FULL_NAME, "SQLite Cache", ICON,
            "A cache in a local SQLite file: nothing to install or run, survives restarts, shared by the processes "
                    + "of one machine. For several hosts, use a Redis cache.");

    @Override
    public TypeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Class<SqliteConfig> configClass() {
        return SqliteConfig.class;
    }

    /**
     * Opens (or joins) the file now, so that an unusable path (a folder, no permission to create it) fails at
     * creation with the path in the message. A file SQLite cannot open now (locked, not a database, disk full) leaves
     * the element unavailable instead: it opens the file on a later call, once the file is usable again.
     */
    @Override
    public Cache create(ElementContext context, SqliteConfig config) throws Exception {
        SqliteFile file = SqliteFile.of(context, config);
        return CacheElements.newCache(context, CacheElements.unavailableWhen(SQLException.class::isInstance,
                "SQLite cache file " + file.path() + " cannot be opened now", () -> SqliteBackends.acquire(file)));
    }

    /** The database file and the journal files SQLite keeps beside it (WAL, shared memory, rollback journal). */
    @Override
    public List<Path> dataFiles(ElementContext context, SqliteConfig config) {
        Path file = SqliteFile.of(context, config).path();
        return List.of(file, Path.of(file + "-wal"), Path.of(file + "-shm"), Path.of(file + "-journal"));
    }

    @Override
    public ConnectionTestResult testConnection(ElementContext context, SqliteConfig config, Duration timeout) {
        return new SqliteConnectionTest(context, config, timeout).run();
    }
}
