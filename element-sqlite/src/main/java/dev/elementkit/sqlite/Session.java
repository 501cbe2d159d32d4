package dev.elementkit.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * One connection to the database file with its statements prepared on first use. Used by one thread at a time
 * (whoever borrowed it from the {@link SqliteBackend}); the backend owns and closes it, and closes it after any
 * {@link SQLException} it gave: a statement that failed (disk full, read-only, a corrupt page) may stay unusable,
 * and every later call on it would fail although the file is fine again.
 */
final class Session implements AutoCloseable {

    /** What one call does on a session: a read on a reader's, a write on the writer's. */
    @FunctionalInterface
    interface Work<T> {
        T run(Session session) throws SQLException;
    }

    private final Connection connection;
    private final long generation;
    private final PreparedStatement[] prepared = new PreparedStatement[Sql.values().length];

    /** @param generation the backend's generation when opened: a session of an older one is not reused */
    Session(Connection connection, long generation) {
        this.connection = connection;
        this.generation = generation;
    }

    long generation() {
        return generation;
    }

    /** The prepared statement for {@code sql}, with its parameters cleared. */
    PreparedStatement statement(Sql sql) throws SQLException {
        PreparedStatement statement = prepared[sql.ordinal()];
        if (statement == null) {
            statement = connection.prepareStatement(sql.text());
            prepared[sql.ordinal()] = statement;
        }
        return statement;
    }

    Connection connection() {
        return connection;
    }

    @Override
    public void close() {
        try {
            connection.close(); // closes its statements too
        } catch (SQLException e) {
            // Nothing useful to do: the connection is gone either way, and SQLite keeps the file consistent.
        }
    }
}
