package dev.elementkit.database;

import dev.elementkit.cache.spi.ConnectionTest;
import dev.elementkit.platform.connection.ConnectionTestResult;
import dev.elementkit.platform.connection.TestCode;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

/**
 * The Test Connection action of {@code caches.DatabaseType}: connect (and log in), read the server's version,
 * create the table if it is missing, then write, read back and delete a probe row with the statements the cache
 * uses. It opens one connection of its own, independent of running elements, and always closes it; connecting is
 * bounded by the test's timeout.
 */
final class DatabaseConnectionTest {

    private static final String CONNECT = "connect";
    private static final String VERSION = "server version";
    private static final String TABLE = "cache table";
    private static final String PROBE = "write and read";

    private final DatabaseTarget target;
    private final Duration timeout;

    DatabaseConnectionTest(DatabaseTarget target, Duration timeout) {
        this.target = target;
        this.timeout = timeout;
    }

    ConnectionTestResult run() {
        ConnectionTest test = ConnectionTest.start(timeout, this::classify, CONNECT, VERSION, TABLE, PROBE);
        Statements sql = target.statements();
        test.detail("database", target.where());
        try (Connection connection = test.step(CONNECT, () -> target.dataSource(test.remaining()).getConnection(),
                c -> "logged in to " + target.where())) {
            connection.setNetworkTimeout(Runnable::run, (int) Math.max(1, test.remaining().toMillis()));
            test.step(VERSION, () -> {
                DatabaseMetaData meta = connection.getMetaData();
                test.detail("server_version", meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion());
                test.detail("driver", meta.getDriverName() + " " + meta.getDriverVersion());
                return meta.getDatabaseProductVersion();
            }, version -> "the server runs " + target.kind().label() + " " + version);
            test.step(TABLE, () -> {
                DatabaseBackend.createTable(connection, sql);
                test.detail("table", target.table());
                if (target.kind() == DatabaseKind.POSTGRESQL) {
                    test.detail("unlogged", unlogged(connection));
                }
                return null;
            }, ignored -> "the table " + target.table() + " is ready (created on first use, with an expiry index)");
            test.step(PROBE, () -> probe(connection, sql), ignored -> "wrote, read back and deleted a probe row");
            return test.succeeded("The " + target.kind().label() + " cache table " + target.table() + " is ready");
        } catch (ConnectionTest.StepFailedException e) {
            return test.failed();
        } catch (SQLException e) {
            // Only closing the connection can get here, after every step succeeded.
            return test.succeeded("The " + target.kind().label() + " cache table " + target.table() + " is ready");
        }
    }

    private boolean unlogged(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT relpersistence FROM pg_class WHERE oid = to_regclass(?)")) {
            statement.setString(1, target.table());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() && "u".equals(rows.getString(1));
            }
        }
    }

    private static Void probe(Connection connection, Statements sql) throws SQLException {
        String key = "elementkit-connection-test:" + UUID.randomUUID();
        try (PreparedStatement insert = connection.prepareStatement(sql.set());
             PreparedStatement read = connection.prepareStatement(sql.get());
             PreparedStatement delete = connection.prepareStatement(sql.delete())) {
            insert.setString(1, key);
            insert.setString(2, "probe");
            // Expiring, so that the sweeper removes the probe even if the delete below never runs.
            insert.setLong(3, 60_000);
            insert.executeUpdate();
            read.setString(1, key);
            try (ResultSet rows = read.executeQuery()) {
                if (!rows.next() || !"probe".equals(rows.getString(1))) {
                    throw new SQLException("the probe row written to the cache table could not be read back");
                }
            }
            delete.setString(1, key);
            delete.executeQuery().close();
        }
        return null;
    }

    private ConnectionTest.Failure classify(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnknownHostException) {
                return new ConnectionTest.Failure(TestCode.UNKNOWN_HOST, "the host name in " + target.where()
                        + " does not resolve: check host (or the JDBC url)");
            }
            if (cause instanceof ConnectException || cause instanceof NoRouteToHostException) {
                return new ConnectionTest.Failure(TestCode.UNREACHABLE, "nothing accepts connections at "
                        + target.where() + ": check host and port, and that the server runs");
            }
            if (cause instanceof SocketTimeoutException || cause instanceof SQLTimeoutException) {
                return timedOut();
            }
        }
        if (e instanceof SQLException sql) {
            String state = sql.getSQLState() == null ? "" : sql.getSQLState();
            String message = String.valueOf(sql.getMessage());
            if (state.startsWith("28") || sql.getErrorCode() == 1045) {
                return new ConnectionTest.Failure(TestCode.AUTH_FAILED, target.kind().label() + " refused the user "
                        + "or password for " + target.where() + ": " + message);
            }
            if ("3D000".equals(state) || sql.getErrorCode() == 1049) {
                return new ConnectionTest.Failure(TestCode.INVALID_CONFIG, "the database does not exist on the "
                        + "server (" + message + "): create it, or fix database (or the JDBC url)");
            }
            if ("42501".equals(state) || sql.getErrorCode() == 1142 || sql.getErrorCode() == 1044) {
                return new ConnectionTest.Failure(TestCode.PERMISSION_DENIED, "the user may not create or use the "
                        + "table " + target.table() + ": " + message);
            }
            if (message.toLowerCase(Locale.ROOT).contains("timed out")) {
                return timedOut();
            }
            if (state.startsWith("08")) {
                return new ConnectionTest.Failure(TestCode.UNREACHABLE, "cannot talk to " + target.where() + ": "
                        + message);
            }
            return new ConnectionTest.Failure(TestCode.PROTOCOL, target.kind().label() + " failed on "
                    + target.where() + ": " + message);
        }
        return new ConnectionTest.Failure(TestCode.INTERNAL_ERROR, "unexpected failure on " + target.where() + ": " + e);
    }

    private ConnectionTest.Failure timedOut() {
        return new ConnectionTest.Failure(TestCode.TIMEOUT, target.where() + " did not answer within "
                + timeout.toMillis() + " ms: check that this is the database's port and that no firewall drops "
                + "packets");
    }

}
