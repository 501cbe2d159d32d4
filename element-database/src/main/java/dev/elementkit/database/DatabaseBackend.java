package dev.elementkit.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.elementkit.cache.CacheUnavailableException;
import dev.elementkit.cache.CacheValueException;
import dev.elementkit.cache.RateLimit;
import dev.elementkit.cache.glob.GlobPattern;
import dev.elementkit.cache.spi.CacheBackend;
import dev.elementkit.cache.spi.SlidingWindowLog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache in one table of one database, shared by every element of this process configured with the same
 * {@link DatabaseTarget}, and by every other host pointing at the same table: that is the point of this backend.
 *
 * <p>Each call is one statement on a pooled connection (HikariCP), atomic in the database: upserts for set, add
 * and PostgreSQL's incr, {@code DELETE … RETURNING} for delete and getAndDelete, conditional {@code UPDATE}/
 * {@code DELETE} for the lock calls. What needs a read, a decision in Java and a write (rate limits, MariaDB's incr)
 * runs in one transaction holding the row's lock ({@link #underRowLock}), so hosts never interleave inside it.
 *
 * <p>Expiry uses the database's clock; reads never return an expired row, and a background thread deletes them
 * every {@link DatabaseTarget#sweepInterval()}.
 *
 * <p>Thread-safe. Owned by {@link DatabaseBackends}, which closes it when the last element using it is closed or
 * the plugin stops.
 */
final class DatabaseBackend implements CacheBackend {

    private static final int SWEEP_BATCH = 500;
    private static final int GET_ALL_CHUNK = 500;
    private static final String CANONICAL_LONG = "-?(0|[1-9][0-9]{0,18})";
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseBackend.class);

    private final DatabaseTarget target;
    private final Statements sql;
    private final HikariDataSource pool;
    private final ScheduledExecutorService sweeper;
    private volatile boolean closed;

    private DatabaseBackend(DatabaseTarget target, HikariDataSource pool) {
        this.target = target;
        this.sql = target.statements();
        this.pool = pool;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "elementkit-database-sweeper " + target.table());
            thread.setDaemon(true);
            // Not the creating thread's loader: a pooled thread must not keep a host or script loader alive.
            thread.setContextClassLoader(DatabaseBackend.class.getClassLoader());
            return thread;
        });
        long interval = target.sweepInterval().toMillis();
        sweeper.scheduleWithFixedDelay(this::sweepQuietly, interval, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * Opens the pool (one connection at once, so that a wrong address or password fails here) and creates the table
     * if it is missing. The caller owns the result and closes it.
     */
    static DatabaseBackend open(DatabaseTarget target) throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setPoolName("elementkit-database " + target.table());
        config.setDataSource(target.dataSource(target.connectTimeout()));
        config.setMaximumPoolSize(target.poolSize());
        config.setMinimumIdle(1);
        config.setConnectionTimeout(Math.max(250, target.connectTimeout().toMillis()));
        config.setInitializationFailTimeout(1);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() instanceof SQLException sqlCause ? sqlCause : e;
            throw new SQLException("cannot connect to " + target.where() + ": " + cause.getMessage(), cause);
        }
        try (Connection connection = pool.getConnection()) {
            createTable(connection, target.statements());
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw e;
        }
        return new DatabaseBackend(target, pool);
    }

    /** Creates the table and its index if missing; a host creating it at the same moment is not an error. */
    static void createTable(Connection connection, Statements sql) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Statement statement = connection.createStatement()) {
                for (String ddl : sql.schema()) {
                    statement.execute(ddl);
                }
                return;
            } catch (SQLException e) {
                // PostgreSQL's IF NOT EXISTS is not safe against a concurrent CREATE: 23505 / 42P07 say the other
                // one won, and the second attempt finds the table.
                boolean race = "23505".equals(e.getSQLState()) || "42P07".equals(e.getSQLState());
                if (!race || attempt == 2) {
                    throw e;
                }
            }
        }
    }

    DatabaseTarget target() {
        return target;
    }

    @Override
    public String get(String key) {
        return run(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.get())) {
                statement.setString(1, key);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? StoredText.decode(rows.getString(1)) : null;
                }
            }
        }, key);
    }

    @Override
    public void set(String key, String value, Duration ttl) {
        run(connection -> {
            upsert(connection, sql.set(), key, value, ttl);
            return null;
        }, key);
    }

    @Override
    public boolean add(String key, String value, Duration ttl) {
        return run(connection -> upsert(connection, sql.add(), key, value, ttl) > 0, key);
    }

    @Override
    public long incrBy(String key, long amount) {
        return incrBy(key, amount, null);
    }

    @Override
    public long incrBy(String key, long amount, Duration ttlIfCreated) {
        if (sql.incr() == null) {
            return incrUnderRowLock(key, amount, ttlIfCreated);
        }
        String result = run(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.incr())) {
                statement.setString(1, key);
                statement.setString(2, Long.toString(amount));
                setTtl(statement, 3, ttlIfCreated);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? rows.getString(1) : null;
                }
            }
        }, key);
        if (result == null) {
            throw notIncrementable(key, amount, get(key));
        }
        return Long.parseLong(result);
    }

    private long incrUnderRowLock(String key, long amount, Duration ttlIfCreated) {
        return underRowLock(key, (row, write) -> {
            if (!row.live()) {
                write.replace(Long.toString(amount), ttlIfCreated);
                return amount;
            }
            String stored = row.value();
            if (!stored.matches(CANONICAL_LONG)) {
                throw notIncrementable(key, amount, stored);
            }
            long sum;
            try {
                sum = Math.addExact(Long.parseLong(stored), amount);
            } catch (ArithmeticException | NumberFormatException e) {
                throw notIncrementable(key, amount, stored);
            }
            write.keepTtl(Long.toString(sum));
            return sum;
        });
    }

    @Override
    public boolean expire(String key, Duration ttl) {
        return run(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.expire())) {
                setTtl(statement, 1, ttl);
                statement.setString(2, key);
                return statement.executeUpdate() > 0;
            }
        }, key);
    }

    @Override
    public long ttlMillis(String key) {
        return run(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.ttl())) {
                statement.setString(1, key);
                try (ResultSet rows = statement.executeQuery()) {
                    if (!rows.next()) {
                        return -2L;
                    }
                    long left = rows.getLong(1);
                    return rows.wasNull() ? -1L : Math.max(1, left);
                }
            }
        }, key);
    }

    @Override
    public boolean exists(String key) {
        return get(key) != null;
    }

    @Override
    public boolean delete(String key) {
        return run(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.delete())) {
                statement.setString(1, key);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() && rows.getBoolean(1);
                }
            }
        }, key);
    }

    @Override
    public String getAndDelete(String key) {
        return run(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.getAndDelete())) {
                statement.setString(1, key);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() && rows.getBoolean(2) ? StoredText.decode(rows.getString(1)) : null;
                }
            }
        }, key);
    }

    @Override
    public boolean deleteIfEquals(String key, String expected) {
        return run(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.deleteIfEquals())) {
                statement.setString(1, key);
                statement.setString(2, StoredText.encode(expected));
                return statement.executeUpdate() > 0;
            }
        }, key);
    }

    @Override
    public boolean expireIfEquals(String key, String expected, Duration ttl) {
        return run(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.expireIfEquals())) {
                setTtl(statement, 1, ttl);
                statement.setString(2, key);
                statement.setString(3, StoredText.encode(expected));
                return statement.executeUpdate() > 0;
            }
        }, key);
    }

    @Override
    public List<String> keys(GlobPattern pattern) {
        return run(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.keys())) {
                statement.setString(1, pattern.literalPrefix());
                statement.setString(2, Statements.startsWith(pattern.literalPrefix()));
                List<String> keys = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        String key = rows.getString(1);
                        if (pattern.matches(key)) {
                            keys.add(key);
                        }
                    }
                }
                return keys;
            }
        }, pattern.toString());
    }

    @Override
    public long deleteByPrefix(String prefix) {
        return run(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.deleteByPrefix())) {
                statement.setString(1, prefix);
                statement.setString(2, Statements.startsWith(prefix));
                long live = 0;
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        if (rows.getBoolean(1)) {
                            live++;
                        }
                    }
                }
                return live;
            }
        }, "keys under " + prefix);
    }

    @Override
    public RateLimit rateLimit(String key, long limit, Duration window) {
        return underRowLock(key, (row, write) -> {
            SlidingWindowLog.Decision decision = SlidingWindowLog.decide(row.live() ? row.value() : null,
                    row.nowMillis(), limit, window);
            if (decision.stored() == null) {
                write.delete();
            } else {
                write.replace(decision.stored(), window);
            }
            return decision.result();
        });
    }

    @Override
    public Map<String, String> getAll(Collection<String> keys) {
        List<String> all = new ArrayList<>(keys);
        return run(connection -> {
            Map<String, String> found = new LinkedHashMap<>();
            for (int from = 0; from < all.size(); from += GET_ALL_CHUNK) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + GET_ALL_CHUNK));
                String placeholders = "?, ".repeat(chunk.size() - 1) + "?";
                try (PreparedStatement statement = connection.prepareStatement(
                        String.format(sql.getMany(), placeholders))) {
                    for (int i = 0; i < chunk.size(); i++) {
                        statement.setString(i + 1, chunk.get(i));
                    }
                    Map<String, String> rows = new HashMap<>();
                    try (ResultSet result = statement.executeQuery()) {
                        while (result.next()) {
                            rows.put(result.getString(1), StoredText.decode(result.getString(2)));
                        }
                    }
                    for (String key : chunk) {
                        String value = rows.get(key);
                        if (value != null) {
                            found.put(key, value);
                        }
                    }
                }
            }
            return found;
        }, keys.size() + " keys");
    }

    /** All in one transaction: nobody sees half of the batch. */
    @Override
    public void setAll(Map<String, String> entries, Duration ttl) {
        if (entries.isEmpty()) {
            return;
        }
        inTransaction(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.set())) {
                for (Map.Entry<String, String> entry : entries.entrySet()) {
                    statement.setString(1, entry.getKey());
                    statement.setString(2, StoredText.encode(entry.getValue()));
                    setTtl(statement, 3, ttl);
                    statement.addBatch();
                }
                statement.executeBatch();
            }
            return null;
        }, entries.size() + " keys");
    }

    @Override
    public boolean ping() {
        try {
            return run(connection -> connection.isValid(2), "ping");
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Deletes every expired row now, in batches; the background sweeper calls this. How many were deleted. */
    int sweep() {
        int total = 0;
        int deleted;
        do {
            deleted = run(connection -> {
                try (PreparedStatement statement = connection.prepareStatement(sql.sweep())) {
                    statement.setInt(1, SWEEP_BATCH);
                    return statement.executeUpdate();
                }
            }, "expired entries");
            total += deleted;
        } while (deleted == SWEEP_BATCH && !closed);
        return total;
    }

    /**
     * The connection pool's state as HikariCP keeps it in memory: connections in use, idle, and callers waiting for
     * one (a pool too small for the load shows here first). Reported through the host's gauges rather than Hikari's
     * own Micrometer tracker, whose classes would have to be the host's Micrometer across the plugin's class loader.
     */
    @Override
    public Map<String, Double> gauges() {
        HikariPoolMXBean state = pool.getHikariPoolMXBean();
        if (state == null || closed) {
            return Map.of(); // not started or closed: no figures rather than zeros
        }
        Map<String, Double> gauges = new LinkedHashMap<>();
        gauges.put("pool.connections.active", (double) state.getActiveConnections());
        gauges.put("pool.connections.idle", (double) state.getIdleConnections());
        gauges.put("pool.connections.pending", (double) state.getThreadsAwaitingConnection());
        gauges.put("pool.connections.max", (double) pool.getMaximumPoolSize());
        return gauges;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        sweeper.shutdownNow();
        try {
            sweeper.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pool.close();
    }

    @Override
    public String toString() {
        return "DatabaseBackend[" + target.where() + "]";
    }

    /** The locked row as this transaction sees it. */
    private record LockedRow(String value, boolean live, long nowMillis) {
    }

    /** The writes a locked decision may make, in the same transaction. */
    private interface RowWrites {
        void replace(String value, Duration ttl) throws SQLException;

        void keepTtl(String value) throws SQLException;

        void delete() throws SQLException;
    }

    @FunctionalInterface
    private interface LockedWork<T> {
        T decide(LockedRow row, RowWrites write) throws SQLException;
    }

    /**
     * Read, decide and write one key in one transaction holding the row's lock. The row is created as an expired
     * placeholder first when missing, so that there is always a row to lock (locking a missing row is a gap lock in
     * MariaDB, which two callers both get); a decision that throws rolls the placeholder back, and one that leaves
     * the key missing deletes it.
     */
    private <T> T underRowLock(String key, LockedWork<T> work) {
        return inTransaction(connection -> {
            try (PreparedStatement lock = connection.prepareStatement(sql.lockRow())) {
                lock.setString(1, key);
                lock.executeUpdate();
            }
            LockedRow row;
            try (PreparedStatement read = connection.prepareStatement(sql.readLocked())) {
                read.setString(1, key);
                try (ResultSet rows = read.executeQuery()) {
                    rows.next();
                    row = new LockedRow(StoredText.decode(rows.getString(1)), rows.getBoolean(2), rows.getLong(3));
                }
            }
            boolean[] written = new boolean[1];
            T result = work.decide(row, new RowWrites() {
                @Override
                public void replace(String value, Duration ttl) throws SQLException {
                    try (PreparedStatement statement = connection.prepareStatement(sql.writeLocked())) {
                        statement.setString(1, StoredText.encode(value));
                        setTtl(statement, 2, ttl);
                        statement.setString(3, key);
                        statement.executeUpdate();
                    }
                    written[0] = true;
                }

                @Override
                public void keepTtl(String value) throws SQLException {
                    try (PreparedStatement statement = connection.prepareStatement(sql.writeValueLocked())) {
                        statement.setString(1, StoredText.encode(value));
                        statement.setString(2, key);
                        statement.executeUpdate();
                    }
                    written[0] = true;
                }

                @Override
                public void delete() throws SQLException {
                    try (PreparedStatement statement = connection.prepareStatement(sql.deleteLocked())) {
                        statement.setString(1, key);
                        statement.executeUpdate();
                    }
                    written[0] = true;
                }
            });
            if (!written[0] && !row.live()) {
                try (PreparedStatement statement = connection.prepareStatement(sql.deleteLocked())) {
                    statement.setString(1, key);
                    statement.executeUpdate();
                }
            }
            return result;
        }, key);
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T run(Work<T> work, String subject) {
        ensureOpen();
        try (Connection connection = pool.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(subject, e);
        }
    }

    private <T> T inTransaction(Work<T> work, String subject) {
        return run(connection -> {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }, subject);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the database cache on " + target.where() + " was closed");
        }
    }

    private static int upsert(Connection connection, String statementText, String key, String value, Duration ttl)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(statementText)) {
            statement.setString(1, key);
            statement.setString(2, StoredText.encode(value));
            setTtl(statement, 3, ttl);
            return statement.executeUpdate();
        }
    }

    private static void setTtl(PreparedStatement statement, int index, Duration ttl) throws SQLException {
        if (ttl == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, ttl.toMillis());
        }
    }

    private static CacheValueException notIncrementable(String key, long amount, String stored) {
        if (stored != null && stored.matches(CANONICAL_LONG)) {
            return new CacheValueException("cannot add " + amount + " to key '" + key + "': the result would leave "
                    + "the 64-bit integer range; nothing was changed");
        }
        return new CacheValueException("cannot increment key '" + key + "': its value is not a whole number; "
                + "nothing was changed");
    }

    private CacheUnavailableException failure(String subject, SQLException e) {
        return new CacheUnavailableException("database cache " + target.where() + " failed on " + subject + ": "
                + e.getMessage(), e);
    }

    private void sweepQuietly() {
        try {
            int deleted = sweep();
            if (deleted > 0) {
                LOG.debug("swept {} expired entries from {}", deleted, target.where());
            }
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warn("sweeping expired entries from {} failed, will retry: {}", target.where(), e.getMessage());
            }
        }
    }
}
