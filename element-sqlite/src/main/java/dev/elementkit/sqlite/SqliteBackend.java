package dev.elementkit.sqlite;

import dev.elementkit.cache.CacheUnavailableException;
import dev.elementkit.cache.CacheValueException;
import dev.elementkit.cache.RateLimit;
import dev.elementkit.cache.glob.GlobPattern;
import dev.elementkit.cache.spi.CacheBackend;
import dev.elementkit.cache.spi.SlidingWindowLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache on one SQLite file, shared by every element of this process configured with the same
 * {@link SqliteFile}.
 *
 * <p><b>Connections.</b> SQLite allows one writer per file at a time and, under WAL, readers beside it. So writes
 * go through one writer connection, and reads borrow one of up to {@link #MAX_READERS} reader connections, opened
 * on demand. Other processes on the file are kept in order by SQLite's file locks; the {@link ShortWaitBusyHandler}
 * makes a writer wait for them, up to the busy timeout, instead of failing.
 *
 * <p><b>Group commit.</b> Threads of this process queue their writes in a {@link WriteQueue}; the caller at its head
 * runs up to {@link WriteQueue#MAX_BATCH} of them in one IMMEDIATE transaction and commits once for all, which is
 * where a write's time goes (a commit appends to the log and takes and drops the file's locks). Every caller is
 * released after the commit that holds its write, with its own result. A lone write runs by itself as before: one
 * autocommit statement, or one transaction when it has several statements. A write that fails inside a batch (an
 * exception of its own, or its statement's) rolls the uncommitted batch back; it fails alone, and the others of the
 * batch run again, each by itself, so one caller's failure never becomes another's. A crash never leaves half an
 * operation, and no other writer interleaves inside one.
 *
 * <p><b>Checkpoints.</b> Under WAL, SQLite copies the log back into the file (a checkpoint, with an fsync) inside
 * the commit that grows the log past 1000 pages: a caller's write then waited for the disk. The writer connection
 * turns that off ({@code wal_autocheckpoint=0}) and every {@link #CHECKPOINT_AFTER_COMMITS} commits the background
 * thread runs a PASSIVE checkpoint on a connection of its own, which waits for no one and blocks no one.
 *
 * <p><b>Healing.</b> A connection that gave an {@link SQLException} is closed and dropped, and the next call opens
 * a new one: after disk full, a read-only or corrupt file or a held lock, the first call after the condition is
 * gone succeeds. A failed statement is never applied (each is one autocommit statement or one transaction), so
 * these failures report {@link CacheUnavailableException#mayHaveBeenApplied()} false. The file's identity (its
 * inode) is compared with the path's on {@link #ping()}, before each sweep and at least every
 * {@link #FILE_CHECK_INTERVAL} while writing: when the file was deleted or replaced, that call fails naming the file
 * and the next one opens the file now at the path, so that writes never go on into an unlinked file.
 *
 * <p><b>Expiry.</b> Reads never return a row whose {@code expires_at} has passed; a background thread deletes such
 * rows every {@link SqliteFile#sweepInterval()}.
 *
 * <p>Thread-safe. Owned by the plugin's {@code SharedResources}, which closes it when the last element using it is
 * closed or the plugin stops.
 */
final class SqliteBackend implements CacheBackend {

    /** Readers beyond the cores only queue inside SQLite; a few cover lock waits and page-cache misses. */
    static final int MAX_READERS = Math.max(2, Math.min(8, 2 * Runtime.getRuntime().availableProcessors()));

    /** How stale the writer's view of the file's identity may get; one {@code stat} per interval is free. */
    static final Duration FILE_CHECK_INTERVAL = Duration.ofSeconds(2);

    /** About what SQLite's own autocheckpoint allows (1000 pages) when each commit adds a page or a few. */
    static final int CHECKPOINT_AFTER_COMMITS = 256;

    /** Small: a sweep batch is one write in the queue, and the writes queued behind it wait for it. */
    private static final int SWEEP_BATCH = 200;
    private static final Logger LOG = LoggerFactory.getLogger(SqliteBackend.class);

    private final SqliteFile file;
    private final long waitMillis;
    private final LongSupplier nanoTicker;
    /** Guards the writer connection's state; held while a batch runs and while the file is checked or given up. */
    private final ReentrantLock writeLock = new ReentrantLock();
    private final WriteQueue writes;
    private final ConcurrentLinkedDeque<Session> idleReaders = new ConcurrentLinkedDeque<>();
    private final Semaphore readerPermits = new Semaphore(MAX_READERS);
    /** Sweeps expired rows and runs checkpoints. */
    private final ScheduledExecutorService background;
    private final AtomicBoolean checkpointRequested = new AtomicBoolean();
    /** The background thread's connection for checkpoints; touched by that thread only (and by close, after it). */
    private Session checkpointer;
    /** Guarded by writeLock. */
    private int commitsSinceCheckpoint;
    /** Null after a failure until the next write opens it again. Guarded by {@link #writeLock}. */
    private Session writer;
    /** The file's identity when the writer opened it; null while no writer is open. Guarded by writeLock. */
    private Object openedFile;
    /** When the identity was last compared, in {@link #nanoTicker} time. Guarded by writeLock. */
    private long fileCheckedAt;
    /** Why the last call failed on the file, until a call succeeds again; null while calls succeed. */
    private volatile String lastFailure;
    /** Bumped whenever the file is given up: readers of an older generation are closed instead of reused. */
    private volatile long generation;
    private volatile boolean closed;

    private SqliteBackend(SqliteFile file, LongSupplier nanoTicker) throws SQLException {
        this.file = file;
        this.nanoTicker = nanoTicker;
        this.waitMillis = file.busyTimeout().toMillis();
        this.writes = new WriteQueue(this::runBatch, file.path().toString());
        openWriter();
        this.background = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "elementkit-sqlite-sweeper " + file.path().getFileName());
            thread.setDaemon(true);
            // Not the creating thread's loader: a pooled thread must not keep a host or script loader alive.
            thread.setContextClassLoader(SqliteBackend.class.getClassLoader());
            return thread;
        });
        long interval = file.sweepInterval().toMillis();
        background.scheduleWithFixedDelay(this::sweepQuietly, interval, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * Creates the folders, opens the file (creating it and its schema if needed) and starts the sweeper. The
     * caller owns the result and closes it.
     *
     * @throws IOException  naming the path when a folder cannot be created
     * @throws SQLException when SQLite cannot open or initialise the file
     */
    static SqliteBackend open(SqliteFile file) throws IOException, SQLException {
        return open(file, System::nanoTime);
    }

    /** As {@link #open(SqliteFile)}, with the clock that times the file identity checks ({@code System::nanoTime}). */
    static SqliteBackend open(SqliteFile file, LongSupplier nanoTicker) throws IOException, SQLException {
        file.createFolders();
        return new SqliteBackend(file, nanoTicker);
    }

    SqliteFile file() {
        return file;
    }

    @Override
    public String get(String key) {
        return read(session -> {
            PreparedStatement statement = session.statement(Sql.GET);
            statement.setString(1, key);
            statement.setLong(2, System.currentTimeMillis());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }, key);
    }

    @Override
    public void set(String key, String value, Duration ttl) {
        write(session -> {
            upsert(session, key, value, expiresAt(ttl));
            return null;
        }, key);
    }

    @Override
    public long incrBy(String key, long amount) {
        return incrBy(key, amount, null);
    }

    @Override
    public long incrBy(String key, long amount, Duration ttlIfCreated) {
        Long expiresAt = expiresAt(ttlIfCreated);
        Long result = write(session -> {
            PreparedStatement statement = session.statement(Sql.INCR);
            statement.setString(1, key);
            statement.setLong(2, amount);
            statement.setLong(3, System.currentTimeMillis());
            setExpiry(statement, 4, expiresAt);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getLong(1) : null;
            }
        }, key);
        if (result == null) {
            throw notIncrementable(key, amount);
        }
        return result;
    }

    @Override
    public boolean expire(String key, Duration ttl) {
        return write(session -> {
            PreparedStatement statement = session.statement(Sql.EXPIRE);
            long now = System.currentTimeMillis();
            statement.setString(1, key);
            statement.setLong(2, now);
            statement.setLong(3, now + ttl.toMillis());
            return statement.executeUpdate() == 1;
        }, key);
    }

    @Override
    public long ttlMillis(String key) {
        return read(session -> {
            PreparedStatement statement = session.statement(Sql.TTL);
            long now = System.currentTimeMillis();
            statement.setString(1, key);
            statement.setLong(2, now);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return -2L;
                }
                long expiresAt = rows.getLong(1);
                return rows.wasNull() ? -1L : Math.max(1, expiresAt - now);
            }
        }, key);
    }

    @Override
    public boolean exists(String key) {
        return read(session -> {
            PreparedStatement statement = session.statement(Sql.EXISTS);
            statement.setString(1, key);
            statement.setLong(2, System.currentTimeMillis());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next();
            }
        }, key);
    }

    @Override
    public boolean delete(String key) {
        return getAndDelete(key) != null; // values are never null, so null means nothing live was there
    }

    @Override
    public List<String> keys(GlobPattern pattern) {
        String from = pattern.literalPrefix();
        String to = KeyRange.upperBound(from);
        return read(session -> {
            PreparedStatement statement = session.statement(to == null ? Sql.KEYS_FROM : Sql.KEYS_RANGE);
            statement.setString(1, from);
            statement.setLong(2, System.currentTimeMillis());
            if (to != null) {
                statement.setString(3, to);
            }
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
        }, pattern.toString());
    }

    @Override
    public Map<String, String> getAll(Collection<String> keys) {
        return read(session -> {
            PreparedStatement statement = session.statement(Sql.GET);
            long now = System.currentTimeMillis();
            Map<String, String> found = new LinkedHashMap<>();
            for (String key : keys) {
                statement.setString(1, key);
                statement.setLong(2, now);
                try (ResultSet rows = statement.executeQuery()) {
                    if (rows.next()) {
                        found.put(key, rows.getString(1));
                    }
                }
            }
            return found;
        }, keys.size() + " keys");
    }

    /** All in one transaction: one commit instead of one per entry, and nobody sees half of the batch. */
    @Override
    public void setAll(Map<String, String> entries, Duration ttl) {
        if (entries.isEmpty()) {
            return;
        }
        Long expiresAt = expiresAt(ttl);
        write(session -> {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                upsert(session, entry.getKey(), entry.getValue(), expiresAt);
            }
            return null;
        }, entries.size() + " keys", false);
    }

    @Override
    public boolean add(String key, String value, Duration ttl) {
        Long expiresAt = expiresAt(ttl);
        return write(session -> {
            PreparedStatement statement = session.statement(Sql.ADD);
            statement.setString(1, key);
            statement.setString(2, value);
            setExpiry(statement, 3, expiresAt);
            statement.setLong(4, System.currentTimeMillis());
            return statement.executeUpdate() == 1;
        }, key);
    }

    @Override
    public String getAndDelete(String key) {
        return write(session -> {
            PreparedStatement statement = session.statement(Sql.GET_AND_DELETE);
            statement.setString(1, key);
            long now = System.currentTimeMillis();
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                String value = rows.getString(1);
                long expiresAt = rows.getLong(2);
                return rows.wasNull() || expiresAt > now ? value : null;
            }
        }, key);
    }

    @Override
    public boolean deleteIfEquals(String key, String expected) {
        return write(session -> {
            PreparedStatement statement = session.statement(Sql.DELETE_IF_EQUALS);
            statement.setString(1, key);
            statement.setString(2, expected);
            statement.setLong(3, System.currentTimeMillis());
            return statement.executeUpdate() == 1;
        }, key);
    }

    @Override
    public boolean expireIfEquals(String key, String expected, Duration ttl) {
        return write(session -> {
            PreparedStatement statement = session.statement(Sql.EXPIRE_IF_EQUALS);
            long now = System.currentTimeMillis();
            statement.setString(1, key);
            statement.setString(2, expected);
            statement.setLong(3, now + ttl.toMillis());
            statement.setLong(4, now);
            return statement.executeUpdate() == 1;
        }, key);
    }

    @Override
    public long deleteByPrefix(String prefix) {
        String to = KeyRange.upperBound(prefix);
        if (to == null) {
            throw new IllegalArgumentException("deleteByPrefix needs a prefix that bounds a key range, not '"
                    + prefix + "': it must never empty the whole file");
        }
        return write(session -> {
            PreparedStatement statement = session.statement(Sql.DELETE_RANGE);
            statement.setString(1, prefix);
            statement.setString(2, to);
            statement.setLong(3, System.currentTimeMillis());
            long live = 0;
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    live += rows.getLong(1);
                }
            }
            return live;
        }, "the keys starting with " + prefix);
    }

    /** Read, decide and write back in one IMMEDIATE transaction: no other writer on the file can interleave. */
    @Override
    public RateLimit rateLimit(String key, long limit, Duration window) {
        return write(session -> {
            long now = System.currentTimeMillis();
            PreparedStatement read = session.statement(Sql.GET);
            read.setString(1, key);
            read.setLong(2, now);
            String stored;
            try (ResultSet rows = read.executeQuery()) {
                stored = rows.next() ? rows.getString(1) : null;
            }
            SlidingWindowLog.Decision decision = SlidingWindowLog.decide(stored, now, limit, window);
            if (decision.stored() == null) {
                PreparedStatement delete = session.statement(Sql.GET_AND_DELETE);
                delete.setString(1, key);
                delete.executeQuery().close();
            } else if (!decision.stored().equals(stored)) {
                // The log outlives its newest entry by one window, then the sweeper takes it.
                upsert(session, key, decision.stored(), now + window.toMillis());
            }
            return decision.result();
        }, key, false);
    }

    @Override
    public boolean ping() {
        try {
            checkFile();
            return read(session -> {
                try (ResultSet rows = session.statement(Sql.PING).executeQuery()) {
                    return rows.next();
                }
            }, "ping");
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Deletes every expired row now; the background sweeper calls this. Returns how many were deleted. */
    int sweep() {
        checkFile();
        int total = 0;
        int deleted;
        do {
            // One batch per write, so that callers' writes interleave with a long sweep.
            deleted = write(session -> {
                PreparedStatement statement = session.statement(Sql.SWEEP);
                statement.setLong(1, System.currentTimeMillis());
                statement.setInt(2, SWEEP_BATCH);
                return statement.executeUpdate();
            }, "expired entries");
            total += deleted;
        } while (deleted == SWEEP_BATCH && !closed);
        return total;
    }

    /**
     * Stops the background thread, fails the writes still queued (not applied), waits for a running batch and
     * closes every connection; borrowed readers are closed when given back.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        writes.close();
        background.shutdownNow();
        try {
            background.awaitTermination(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (checkpointer != null) {
            checkpointer.close();
        }
        writeLock.lock();
        try {
            giveUpFile();
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public String toString() {
        return "SqliteBackend[" + file.path() + "]";
    }

    /** A write of one statement. Package-private for the group-commit tests, which queue writes of their own. */
    <T> T write(Session.Work<T> work, String subject) {
        return write(work, subject, true);
    }

    private <T> T write(Session.Work<T> work, String subject, boolean oneStatement) {
        ensureOpen();
        return writes.submit(new QueuedWrite<>(work, subject, oneStatement));
    }

    /** How many writes wait for the running batch to finish: for the group-commit tests. */
    int queuedWrites() {
        return writes.waiting();
    }

    /** The {@link WriteQueue}'s runner: the batch in one transaction, or each write by itself. */
    private void runBatch(List<QueuedWrite<?>> batch) {
        writeLock.lock();
        try {
            if (batch.size() == 1 || !runTogether(batch)) {
                for (QueuedWrite<?> write : batch) {
                    if (!write.hasOutcome()) {
                        runAlone(write);
                    }
                }
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Runs the batch in one transaction. Returns false when one write failed: it has its failure, the transaction
     * was rolled back, and the others have no outcome yet. Otherwise every write has its outcome: all committed,
     * or all failed because the transaction could not begin or commit (then none was applied).
     */
    private boolean runTogether(List<QueuedWrite<?>> batch) {
        Session session;
        try {
            session = writerSession();
            session.statement(Sql.BEGIN).executeUpdate();
        } catch (SQLException e) {
            giveUpFile();
            failAll(batch, e);
            return true;
        } catch (CacheUnavailableException e) {
            batch.forEach(write -> write.fail(e));
            return true;
        }
        for (QueuedWrite<?> write : batch) {
            try {
                write.run(session);
            } catch (SQLException | RuntimeException e) {
                rollBack(session);
                fail(write, e);
                return false;
            }
        }
        try {
            session.statement(Sql.COMMIT).executeUpdate();
        } catch (SQLException e) {
            rollBack(session);
            giveUpFile();
            failAll(batch, e);
            return true;
        }
        batch.forEach(QueuedWrite::succeed);
        committed();
        return true;
    }

    /** Runs one write as its own transaction: the path of a lone caller, and of a batch that one write spoiled. */
    private void runAlone(QueuedWrite<?> write) {
        try {
            Session session = writerSession();
            if (write.oneStatement()) {
                write.run(session);
            } else {
                session.statement(Sql.BEGIN).executeUpdate();
                try {
                    write.run(session);
                    session.statement(Sql.COMMIT).executeUpdate();
                } catch (SQLException | RuntimeException e) {
                    rollBack(session);
                    throw e;
                }
            }
            write.succeed();
            committed();
        } catch (SQLException | RuntimeException e) {
            fail(write, e);
        }
    }

    /** The writer connection, opened if needed, after the file identity check when it is due. With writeLock held. */
    private Session writerSession() throws SQLException {
        if (closed) {
            throw CacheUnavailableException.notSent("the SQLite cache on " + file.path() + " was closed while this "
                    + "write waited; it was not applied", null);
        }
        if (nanoTicker.getAsLong() - fileCheckedAt >= FILE_CHECK_INTERVAL.toNanos()) {
            checkFile();
        }
        if (writer == null) {
            openWriter();
        }
        return writer;
    }

    private void fail(QueuedWrite<?> write, Exception e) {
        if (e instanceof SQLException sql) {
            giveUpFile();
            write.fail(failed(failure(write.subject(), sql)));
        } else {
            write.fail((RuntimeException) e);
        }
    }

    /** Each its own exception: they are thrown on different threads. */
    private void failAll(List<QueuedWrite<?>> batch, SQLException e) {
        for (QueuedWrite<?> write : batch) {
            write.fail(failed(failure(write.subject(), e)));
        }
    }

    /** Undoes the open transaction; if even that fails, closing the connection does it. */
    private void rollBack(Session session) {
        try {
            session.statement(Sql.ROLLBACK).executeUpdate();
        } catch (SQLException e) {
            giveUpFile();
        }
    }

    /** After each commit: the call succeeded, and now and then the log is copied back into the file. */
    private void committed() {
        succeeded(null);
        if (++commitsSinceCheckpoint >= CHECKPOINT_AFTER_COMMITS) {
            commitsSinceCheckpoint = 0;
            if (checkpointRequested.compareAndSet(false, true)) {
                try {
                    background.execute(this::checkpointQuietly);
                } catch (RejectedExecutionException e) {
                    checkpointRequested.set(false); // closing
                }
            }
        }
    }

    /** On the background thread. PASSIVE: copies what no reader still needs, waits for nobody, blocks nobody. */
    private void checkpointQuietly() {
        try {
            if (checkpointer != null && checkpointer.generation() != generation) {
                checkpointer.close();
                checkpointer = null;
            }
            if (checkpointer == null) {
                checkpointer = new Session(file.open(), generation);
            }
            checkpointer.statement(Sql.CHECKPOINT).executeQuery().close();
        } catch (SQLException e) {
            if (checkpointer != null) {
                checkpointer.close();
                checkpointer = null;
            }
            if (!closed) {
                LOG.debug("checkpoint of {} failed, the next one retries: {}", file.path(), e.getMessage());
            }
        } finally {
            checkpointRequested.set(false);
        }
    }

    private <T> T read(Session.Work<T> work, String subject) {
        ensureOpen();
        boolean permitted;
        try {
            permitted = readerPermits.tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CacheUnavailableException.notSent("interrupted while waiting to read " + subject + " from "
                    + file.path(), e);
        }
        if (!permitted) {
            throw busy(subject, null);
        }
        Session session = null;
        try {
            session = idleReaders.poll();
            if (session == null) {
                session = new Session(file.open(), generation);
            }
            return succeeded(work.run(session));
        } catch (SQLException e) {
            if (session != null) {
                session.close();
                session = null;
            }
            throw failed(failure(subject, e));
        } finally {
            if (session != null) {
                if (closed || session.generation() != generation) {
                    session.close();
                } else {
                    idleReaders.push(session);
                }
            }
            readerPermits.release();
        }
    }

    /** The database file's and its write-ahead log's sizes: two {@code stat}s, no SQL. */
    @Override
    public Map<String, Double> gauges() {
        Map<String, Double> gauges = new LinkedHashMap<>();
        sizeOf(file.path()).ifPresent(size -> gauges.put("sqlite.file.bytes", size));
        sizeOf(Path.of(file.path() + "-wal")).ifPresent(size -> gauges.put("sqlite.wal.bytes", size));
        return gauges;
    }

    private static Optional<Double> sizeOf(Path path) {
        try {
            return Optional.of((double) Files.size(path));
        } catch (IOException e) {
            return Optional.empty(); // not there (yet): the figure is left out of this scrape
        }
    }

    /** Why the last call on the file failed, until one succeeds: what the host shows as UNAVAILABLE. */
    @Override
    public Optional<String> unavailability() {
        return Optional.ofNullable(lastFailure);
    }

    private <T> T succeeded(T result) {
        if (lastFailure != null) {
            lastFailure = null;
        }
        return result;
    }

    private CacheUnavailableException failed(CacheUnavailableException failure) {
        lastFailure = failure.getMessage();
        return failure;
    }

    private void openWriter() throws SQLException {
        Connection connection = file.open();
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA wal_autocheckpoint = 0"); // the background thread checkpoints
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        Session opened = new Session(connection, generation);
        writer = opened;
        openedFile = file.identity();
        fileCheckedAt = nanoTicker.getAsLong();
    }

    /**
     * Fails when the file the writer has open is no longer the one at the path (deleted, or replaced by another
     * file), after giving it up so that the next call opens the path afresh.
     */
    private void checkFile() {
        writeLock.lock();
        try {
            fileCheckedAt = nanoTicker.getAsLong();
            Object known = openedFile;
            if (known == null) {
                return;
            }
            Object now = file.identity();
            if (!known.equals(now)) {
                giveUpFile();
                throw failed(CacheUnavailableException.notSent("SQLite cache file " + file.path() + " was "
                        + (now == null ? "deleted" : "replaced by another file") + " while open: this call was not "
                        + "applied, and the next one opens " + file.path() + " again", null));
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Closes the writer and the idle readers; readers in use are closed when given back. Called with the write lock
     * held, after a failure, when the file was replaced, and on close.
     */
    private void giveUpFile() {
        generation++;
        if (writer != null) {
            writer.close();
            writer = null;
        }
        openedFile = null;
        Session idle;
        while ((idle = idleReaders.poll()) != null) {
            idle.close();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the SQLite cache on " + file.path() + " was closed");
        }
    }

    private static void upsert(Session session, String key, String value, Long expiresAt) throws SQLException {
        PreparedStatement statement = session.statement(Sql.SET);
        statement.setString(1, key);
        statement.setString(2, value);
        setExpiry(statement, 3, expiresAt);
        statement.executeUpdate();
    }

    private static void setExpiry(PreparedStatement statement, int parameter, Long expiresAt) throws SQLException {
        if (expiresAt == null) {
            statement.setNull(parameter, java.sql.Types.INTEGER);
        } else {
            statement.setLong(parameter, expiresAt);
        }
    }

    private static Long expiresAt(Duration ttl) {
        return ttl == null ? null : System.currentTimeMillis() + ttl.toMillis();
    }

    /** Only for the message: the failed INCR changed nothing, so reading afterwards cannot hurt atomicity. */
    private CacheValueException notIncrementable(String key, long amount) {
        String stored = get(key);
        if (stored != null && stored.equals(stored.trim()) && stored.matches("-?(0|[1-9][0-9]{0,18})")) {
            return new CacheValueException("cannot add " + amount + " to key '" + key + "': the result would leave "
                    + "the 64-bit integer range; nothing was changed");
        }
        return new CacheValueException("cannot increment key '" + key + "': its value is not a whole number; "
                + "nothing was changed");
    }

    private CacheUnavailableException failure(String subject, SQLException e) {
        if (e instanceof SQLiteException sqlite) {
            SQLiteErrorCode code = sqlite.getResultCode();
            if (code != null && (code.code & 0xff) == SQLiteErrorCode.SQLITE_BUSY.code
                    || code != null && (code.code & 0xff) == SQLiteErrorCode.SQLITE_LOCKED.code) {
                return busy(subject, e);
            }
        }
        // A failed statement rolls back whole: nothing of it was applied.
        return CacheUnavailableException.notSent("SQLite cache " + file.path() + " failed on " + subject + ": "
                + e.getMessage() + "; the next call opens the file again", e);
    }

    private CacheUnavailableException busy(String subject, Exception cause) {
        return CacheUnavailableException.notSent("SQLite cache " + file.path() + " stayed locked by other writers for "
                + waitMillis + " ms (busy_timeout_ms) while working on " + subject
                + "; raise busy_timeout_ms or make fewer processes write to this file", cause);
    }

    private void sweepQuietly() {
        try {
            int deleted = sweep();
            if (deleted > 0) {
                LOG.debug("swept {} expired entries from {}", deleted, file.path());
            }
        } catch (RuntimeException e) {
            if (!closed) {
                LOG.warn("sweeping expired entries from {} failed, will retry: {}", file.path(), e.getMessage());
            }
        }
    }
}
