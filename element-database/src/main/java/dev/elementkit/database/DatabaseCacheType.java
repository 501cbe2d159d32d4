package dev.elementkit.database;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.CacheElements;
import dev.elementkit.cache.CacheType;
import dev.elementkit.platform.connection.ConnectionTestResult;
import dev.elementkit.platform.element.ElementContext;
import dev.elementkit.platform.element.TypeDescriptor;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.time.Duration;
import org.pf4j.Extension;

/**
 * {@code caches.DatabaseType}: a cache in a table of a PostgreSQL or MariaDB database, shared by every host pointing
 * at the table. Stateless: pools live in {@link DatabaseBackends}, shared by elements configured alike.
 */
@Extension
public final class DatabaseCacheType implements CacheType<DatabaseConfig> {

    static final String FULL_NAME = "caches.DatabaseType";

    private static final String ICON = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 24 24\" width=\"24\" "
            + "height=\"24\" fill=\"none\" stroke=\"#336791\" stroke-width=\"1.6\" stroke-linecap=\"round\">"
            + "<ellipse cx=\"12\" cy=\"5\" rx=\"7\" ry=\"2.6\"/>"
            + "<path d=\"M5 5v14c0 1.4 3.1 2.6 7 2.6s7-1.2 7-2.6V5\"/>"
            + "<path d=\"M5 12c0 1.4 3.1 2.6 7 2.6s7-1.2 7-2.6\"/>"
            + "<path d=\"M9 9h6M9 16h6\" stroke=\"#C0765A\"/></svg>";

    private static final TypeDescriptor DESCRIPTOR = CacheType.describe(FULL_NAME, "Database Cache", ICON,
            "A cache in a table of a PostgreSQL or MariaDB database you already run: several hosts share it, no "
                    + "cache server to operate. Slower than Redis or Memcached.");

    @Override
    public TypeDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public Class<DatabaseConfig> configClass() {
        return DatabaseConfig.class;
    }

    /**
     * Connects (or joins the pool) now. A database that refuses the login or lacks the database named fails creation
     * (the configuration is wrong); one that cannot be reached now leaves the element unavailable instead: every call
     * tries again, so it heals by itself once the server is back, as the other backends do.
     */
    @Override
    public Cache create(ElementContext context, DatabaseConfig config) throws Exception {
        DatabaseTarget target = DatabaseTarget.of(config);
        return CacheElements.newCache(context, CacheElements.unavailableWhen(
                e -> e instanceof SQLException && unreachable(e), target.where() + " cannot be reached now",
                () -> DatabaseBackends.acquire(target)));
    }

    /** SQLState class 08 is the standard's "connection exception"; a refused or silent socket says the same. */
    static boolean unreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
            if (cause instanceof ConnectException || cause instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public ConnectionTestResult testConnection(ElementContext context, DatabaseConfig config, Duration timeout) {
        return new DatabaseConnectionTest(DatabaseTarget.of(config), timeout).run();
    }
}
