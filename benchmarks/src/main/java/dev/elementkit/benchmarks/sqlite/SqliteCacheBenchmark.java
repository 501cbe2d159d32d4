package dev.elementkit.benchmarks.sqlite;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.tck.Instances;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.sqlite.SQLiteConfig;

/**
 * Single-thread set, get and incr of the SQLite cache element, loaded from the built plugin JAR through PF4J, beside
 * raw sqlite-jdbc running the same statements on the same schema with the same pragmas (WAL, synchronous=NORMAL,
 * busy timeout), in the same run. The ratio element/raw is the cost of the element layer: the {@code Cache}
 * argument checks and prefixing, the lease, the writer lock or reader pool, and the plugin class loader.
 *
 * <p>Methods are named operation first ({@code getElement}, {@code getRaw}, …) so that JMH, which runs them in
 * name order, measures each element/raw pair back to back: on a shared machine the load drifts, and adjacent
 * measurements are the fairest comparison.
 *
 * <p>Run from the repository root after {@code mvn -q -DskipTests package}:
 * {@code java -jar benchmarks/target/benchmarks.jar SqliteCacheBenchmark -f 1 -wi 2 -i 3 -w 2s -r 3s}
 * (the plugin JAR is taken from {@code plugins/}, or from {@code -Delementkit.plugins.dir}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class SqliteCacheBenchmark {

    private static final String APP_ID = "bench";
    private static final int KEYS = 1024;
    private static final String VALUE = "{\"user\":\"ann\",\"roles\":[\"admin\",\"dev\"],\"since\":\"2024-01-01\","
            + "\"score\":12345}";

    // The statements of the plugin's backend, copied verbatim so that raw and element do the same work in SQLite.
    private static final String SCHEMA_TABLE = "CREATE TABLE IF NOT EXISTS cache_entries (key TEXT PRIMARY KEY NOT "
            + "NULL, value TEXT NOT NULL, expires_at INTEGER) WITHOUT ROWID";
    private static final String SCHEMA_INDEX = "CREATE INDEX IF NOT EXISTS cache_entries_expires_at ON "
            + "cache_entries (expires_at) WHERE expires_at IS NOT NULL";
    private static final String LIVE = "(expires_at IS NULL OR expires_at > ?2)";
    private static final String EXPIRED = "(e.expires_at IS NOT NULL AND e.expires_at <= ?3)";
    private static final String GET = "SELECT value FROM cache_entries WHERE key = ?1 AND " + LIVE;
    private static final String SET = "INSERT INTO cache_entries (key, value, expires_at) VALUES (?1, ?2, ?3) "
            + "ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at";
    private static final String INCR = "INSERT INTO cache_entries AS e (key, value, expires_at) VALUES (?1, ?2, NULL) "
            + "ON CONFLICT (key) DO UPDATE SET "
            + "value = CASE WHEN " + EXPIRED + " THEN ?2 ELSE CAST(e.value AS INTEGER) + ?2 END, "
            + "expires_at = CASE WHEN " + EXPIRED + " THEN NULL ELSE e.expires_at END "
            + "WHERE " + EXPIRED + " OR (e.value = CAST(CAST(e.value AS INTEGER) AS TEXT) "
            + "AND (?2 <= 0 OR CAST(e.value AS INTEGER) <= 9223372036854775807 - ?2) "
            + "AND (?2 >= 0 OR CAST(e.value AS INTEGER) >= (-9223372036854775807 - 1) - ?2)) "
            + "RETURNING CAST(value AS INTEGER)";

    private Path workDir;
    private PluginHarness harness;
    private Cache cache;
    private Connection raw;
    private PreparedStatement rawGet;
    private PreparedStatement rawSet;
    private PreparedStatement rawIncr;
    private final String[] keys = new String[KEYS];
    private final String[] fullKeys = new String[KEYS];
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (System.getProperty("elementkit.plugins.dir") == null) {
            System.setProperty("elementkit.plugins.dir", Path.of("plugins").toAbsolutePath().toString());
        }
        workDir = Files.createTempDirectory("sqlite-bench");
        harness = PluginHarness.load("element-sqlite");
        cache = harness.createCache("caches.SqliteType",
                new ElementContext(APP_ID, workDir.resolve("app"), "caches.Bench"),
                Map.of("directory", "appData/caches/Bench/sqlite.db"));

        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        raw = config.createConnection("jdbc:sqlite:" + workDir.resolve("raw.db"));
        try (Statement ddl = raw.createStatement()) {
            ddl.execute(SCHEMA_TABLE);
            ddl.execute(SCHEMA_INDEX);
        }
        rawGet = raw.prepareStatement(GET);
        rawSet = raw.prepareStatement(SET);
        rawIncr = raw.prepareStatement(INCR);

        for (int i = 0; i < KEYS; i++) {
            keys[i] = "user:" + i;
            fullKeys[i] = APP_ID + ":" + keys[i];
            cache.set(keys[i], VALUE);
            rawSet(fullKeys[i], VALUE);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (cache != null) {
            Instances.close(cache);
        }
        if (harness != null) {
            harness.close();
        }
        if (raw != null) {
            raw.close();
        }
        if (workDir != null) {
            deleteRecursively(workDir);
        }
    }

    @Benchmark
    public boolean setElement() {
        return cache.set(keys[nextIndex()], VALUE);
    }

    @Benchmark
    public String getElement() {
        return cache.get(keys[nextIndex()]);
    }

    @Benchmark
    public long incrElement() {
        return cache.incr("counter");
    }

    @Benchmark
    public int setRaw() throws SQLException {
        return rawSet(fullKeys[nextIndex()], VALUE);
    }

    @Benchmark
    public String getRaw() throws SQLException {
        rawGet.setString(1, fullKeys[nextIndex()]);
        rawGet.setLong(2, System.currentTimeMillis());
        try (ResultSet rows = rawGet.executeQuery()) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    @Benchmark
    public long incrRaw() throws SQLException {
        rawIncr.setString(1, APP_ID + ":counter");
        rawIncr.setLong(2, 1);
        rawIncr.setLong(3, System.currentTimeMillis());
        try (ResultSet rows = rawIncr.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private int rawSet(String fullKey, String value) throws SQLException {
        rawSet.setString(1, fullKey);
        rawSet.setString(2, value);
        rawSet.setNull(3, java.sql.Types.INTEGER);
        return rawSet.executeUpdate();
    }

    private int nextIndex() {
        next = (next + 1) & (KEYS - 1);
        return next;
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
