package dev.elementkit.sqlite;

import dev.elementkit.cache.spi.ConnectionTest;
import dev.elementkit.platform.connection.ConnectionTestResult;
import dev.elementkit.platform.connection.TestCode;
import dev.elementkit.platform.element.ElementContext;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The Test Connection action of {@code caches.SqliteType}: resolve the path, create its folders, open the file
 * (creating it and the schema), then write, read back and delete a probe entry. It opens its own connection,
 * independent of running elements, and always closes it; lock waits are bounded by what is left of the timeout.
 */
final class SqliteConnectionTest {

    private static final String RESOLVE = "resolve path";
    private static final String CREATE_FOLDERS = "create folders";
    private static final String OPEN = "open database";
    private static final String PROBE = "write and read";

    private final ElementContext context;
    private final SqliteConfig config;
    private final Duration timeout;
    private Path path;

    SqliteConnectionTest(ElementContext context, SqliteConfig config, Duration timeout) {
        this.context = context;
        this.config = config;
        this.timeout = timeout;
    }

    ConnectionTestResult run() {
        ConnectionTest test = ConnectionTest.start(timeout, this::classify, RESOLVE, CREATE_FOLDERS, OPEN, PROBE);
        try {
            SqliteFile file = test.step(RESOLVE, () -> SqliteFile.of(context, config),
                    f -> "the database file is " + f.path());
            path = file.path();
            test.detail("file", path.toString());
            test.step(CREATE_FOLDERS, () -> {
                boolean existed = path.getParent() == null || Files.isDirectory(path.getParent());
                file.createFolders();
                return existed;
            }, existed -> existed ? "the folder " + path.getParent() + " exists"
                    : "created the folder " + path.getParent());
            boolean fileExisted = Files.exists(path);
            Duration busyWait = min(file.busyTimeout(), test.remaining());
            try (Connection connection = test.step(OPEN, () -> file.open(busyWait),
                    c -> (fileExisted ? "opened " : "created ") + path.getFileName())) {
                String journalMode = queryText(connection, "PRAGMA journal_mode");
                test.detail("journal_mode", journalMode);
                test.detail("sqlite_version", queryText(connection, "SELECT sqlite_version()"));
                test.detail("busy_timeout_ms", file.busyTimeout().toMillis());
                if (!"wal".equalsIgnoreCase(journalMode)) {
                    test.warn("journal mode", "the file is in " + journalMode + " mode, not WAL: this file system "
                            + "may not support WAL, so readers will wait for writers");
                }
                test.step(PROBE, () -> probe(connection), ignored -> "wrote, read back and deleted a probe entry");
            }
            test.detail("file_size_bytes", Files.size(path));
            return test.succeeded("The SQLite cache file " + path + " is ready");
        } catch (ConnectionTest.StepFailedException e) {
            return test.failed();
        } catch (SQLException | IOException e) {
            // Only closing the connection or sizing the file can get here, after every step succeeded.
            return test.succeeded("The SQLite cache file " + path + " is ready (" + e.getMessage() + ")");
        }
    }

    private static Void probe(Connection connection) throws SQLException {
        String key = "elementkit-connection-test:" + UUID.randomUUID();
        long now = System.currentTimeMillis();
        try (PreparedStatement insert = connection.prepareStatement(Sql.SET.text());
             PreparedStatement read = connection.prepareStatement(Sql.GET.text());
             PreparedStatement delete = connection.prepareStatement(Sql.GET_AND_DELETE.text())) {
            insert.setString(1, key);
            insert.setString(2, "probe");
            // Expiring, so that the sweeper removes the probe even if the delete below never runs.
            insert.setLong(3, now + 60_000);
            insert.executeUpdate();
            read.setString(1, key);
            read.setLong(2, now);
            try (ResultSet rows = read.executeQuery()) {
                if (!rows.next() || !"probe".equals(rows.getString(1))) {
                    throw new SQLException("the probe entry written to " + SqliteFile.TABLE + " could not be read back");
                }
            }
            delete.setString(1, key);
            delete.executeQuery().close();
        }
        return null;
    }

    private static String queryText(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : "";
        }
    }

    private ConnectionTest.Failure classify(Throwable e) {
        String where = path == null ? "'" + config.directoryOf(context) + "'" : path.toString();
        if (e instanceof InvalidPathException invalid) {
            return new ConnectionTest.Failure(TestCode.INVALID_CONFIG,
                    "'directory' is not a usable path (" + invalid.getReason() + "): " + config.directoryOf(context));
        }
        if (e instanceof AccessDeniedException denied) {
            return new ConnectionTest.Failure(TestCode.PERMISSION_DENIED, "no permission to create or write "
                    + denied.getFile() + ": give the host's user write access to it, or choose another path");
        }
        if (e instanceof FileSystemException fs) {
            String reason = fs.getReason() == null ? fs.getClass().getSimpleName() : fs.getReason();
            return new ConnectionTest.Failure(TestCode.IO_ERROR, "cannot use " + where + ": "
                    + fs.getFile() + ": " + reason);
        }
        if (e instanceof IOException io) {
            return new ConnectionTest.Failure(TestCode.IO_ERROR, "cannot use " + where + ": " + io.getMessage());
        }
        if (e instanceof SQLiteException sqlite) {
            return classifySqlite(sqlite, where);
        }
        if (e instanceof SQLException sql) {
            return new ConnectionTest.Failure(TestCode.IO_ERROR, "SQLite failed on " + where + ": " + sql.getMessage());
        }
        return new ConnectionTest.Failure(TestCode.INTERNAL_ERROR, "unexpected failure on " + where + ": " + e);
    }

    private ConnectionTest.Failure classifySqlite(SQLiteException e, String where) {
        int primary = e.getResultCode() == null ? -1 : e.getResultCode().code & 0xff;
        if (primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_LOCKED.code) {
            return new ConnectionTest.Failure(TestCode.TIMEOUT, where + " stayed locked by another writer for the "
                    + "whole test; try again, or raise busy_timeout_ms");
        }
        if (primary == SQLiteErrorCode.SQLITE_READONLY.code || primary == SQLiteErrorCode.SQLITE_PERM.code
                || primary == SQLiteErrorCode.SQLITE_AUTH.code) {
            return new ConnectionTest.Failure(TestCode.PERMISSION_DENIED, where + " cannot be written: give the host's "
                    + "user write access to the file and its folder (SQLite writes -wal and -shm files beside it)");
        }
        if (primary == SQLiteErrorCode.SQLITE_CANTOPEN.code) {
            boolean folderWritable = path != null && path.getParent() != null && Files.isWritable(path.getParent());
            return folderWritable
                    ? new ConnectionTest.Failure(TestCode.IO_ERROR, "SQLite cannot open " + where + ": "
                            + e.getMessage())
                    : new ConnectionTest.Failure(TestCode.PERMISSION_DENIED, "SQLite cannot open " + where
                            + ": its folder is not writable by the host's user");
        }
        if (primary == SQLiteErrorCode.SQLITE_NOTADB.code || primary == SQLiteErrorCode.SQLITE_CORRUPT.code) {
            return new ConnectionTest.Failure(TestCode.IO_ERROR, where + " exists but is not a SQLite database (or is "
                    + "damaged): point 'directory' at a new file name");
        }
        if (primary == SQLiteErrorCode.SQLITE_FULL.code) {
            return new ConnectionTest.Failure(TestCode.IO_ERROR, "the disk holding " + where + " is full");
        }
        return new ConnectionTest.Failure(TestCode.IO_ERROR, "SQLite failed on " + where + ": " + e.getMessage());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
