package dev.elementkit.sqlite;

import dev.elementkit.platform.element.ElementContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConfig;

/**
 * One cache database file and the settings every connection to it gets: WAL, synchronous=NORMAL and a busy
 * handler that waits up to the busy timeout. Equal values share one {@link SqliteBackend} in a process; other
 * processes on the same file are coordinated by SQLite's own file locks.
 *
 * @param path          absolute, normalized path of the database file
 * @param busyTimeout   how long a statement waits for another writer before failing with SQLITE_BUSY
 * @param sweepInterval how often the background sweeper deletes expired rows
 */
record SqliteFile(Path path, Duration busyTimeout, Duration sweepInterval) {

    /** The one table; the name says what it holds, so that a person opening the file with sqlite3 understands it. */
    static final String TABLE = "cache_entries";

    private static final String[] SCHEMA = {
        // WITHOUT ROWID: the key is the primary index, so a lookup is one B-tree search instead of two.
        "CREATE TABLE IF NOT EXISTS " + TABLE + " (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL, "
                + "expires_at INTEGER) WITHOUT ROWID",
        // Partial: only entries with a TTL are indexed, which is all the sweeper looks at.
        "CREATE INDEX IF NOT EXISTS " + TABLE + "_expires_at ON " + TABLE + " (expires_at) "
                + "WHERE expires_at IS NOT NULL",
    };

    SqliteFile {
        Objects.requireNonNull(path, "path");
        path = path.toAbsolutePath().normalize();
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        Objects.requireNonNull(sweepInterval, "sweepInterval");
    }

    /** The file an element's configuration names (or its default one), resolved against the app root. */
    static SqliteFile of(ElementContext context, SqliteConfig config) {
        return new SqliteFile(context.resolve(config.directoryOf(context)),
                Duration.ofMillis(config.busyTimeoutMs()), Duration.ofSeconds(config.sweepIntervalSeconds()));
    }

    /**
     * Creates the folders leading to the file.
     *
     * @throws IOException naming the path when a folder cannot be created or the path is a folder
     */
    void createFolders() throws IOException {
        if (Files.isDirectory(path)) {
            throw new java.nio.file.FileSystemException(path.toString(), null,
                    "this is a folder; 'directory' must name the database file inside it, e.g. "
                            + path.resolve("sqlite.db"));
        }
        Path parent = path.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            Files.createDirectories(parent);
        }
    }

    /**
     * Opens a new connection with this file's settings and makes sure the schema exists. The caller owns the
     * connection and closes it.
     *
     * @param busyTimeout the busy timeout of this connection (a connection test uses what is left of its time)
     */
    Connection open(Duration busyTimeout) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        // SQLite's own busy timeout covers the pragmas run while connecting; the handler below replaces it after.
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, busyTimeout.toMillis())));
        // BEGIN IMMEDIATE for explicit transactions (setAll): take the write lock up front, so a transaction never
        // has to upgrade a read lock, which fails at once under WAL instead of waiting for the busy timeout.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        // Nothing reads generated keys (the table has no rowid). Left on, sqlite-jdbc matches every executed
        // statement against a regex and, after an INSERT, prepares and runs "SELECT last_insert_rowid()": in a JFR
        // profile of set that was a third of the Java time.
        config.setGetGeneratedKeys(false);
        NativeLibrary.load();
        Connection connection = withPluginClassLoader(() -> config.createConnection("jdbc:sqlite:" + path));
        try (Statement statement = connection.createStatement()) {
            // Instead of SQLite's busy timeout, whose sleeps grow to 100 ms (see ShortWaitBusyHandler).
            BusyHandler.setHandler(connection, new ShortWaitBusyHandler(busyTimeout, System::nanoTime));
            for (String ddl : SCHEMA) {
                statement.execute(ddl);
            }
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /**
     * What identifies the file now at {@link #path}, or null when there is none: the file system's key (device and
     * inode on Unix). A different key means the file was deleted or replaced under the open connections, which
     * then go on writing into the old, unlinked one.
     */
    Object identity() {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /** Opens a connection with the configured busy timeout. */
    Connection open() throws SQLException {
        return open(busyTimeout);
    }

    @FunctionalInterface
    private interface SqlAction<T> {
        T run() throws SQLException;
    }

    // sqlite-jdbc finds its native library and driver classes through class loaders; when a script thread of the
    // host opens a connection, its context loader is the host's, which has another (or no) sqlite-jdbc.
    private static <T> T withPluginClassLoader(SqlAction<T> action) throws SQLException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(SqliteFile.class.getClassLoader());
        try {
            return action.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
