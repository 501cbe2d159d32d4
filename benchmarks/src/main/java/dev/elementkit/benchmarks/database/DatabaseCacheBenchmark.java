package dev.elementkit.benchmarks.database;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.elementkit.cache.Cache;
import dev.elementkit.cache.tck.Instances;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.mariadb.jdbc.MariaDbDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * set, get and incr of the Database cache element (PostgreSQL and MariaDB), loaded from the built plugin JAR through
 * PF4J, beside raw JDBC running the same statements on the same table through the same pool (HikariCP), in the same
 * run. The element's statements are copied here as text on purpose: the raw side must not call the plugin.
 *
 * <p>Targets: the machine's PostgreSQL (127.0.0.1:5432/test, postgres) and MariaDB (127.0.0.1:3306/test, root); the
 * table {@code ek_bench_<random>} is created by the element and dropped afterwards. incr on MariaDB is a transaction
 * with a row lock on both sides.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class DatabaseCacheBenchmark {

    private static final int KEYS = 1024;
    private static final String VALUE = "xxx";
    private static final String PG_NOW = "(EXTRACT(EPOCH FROM statement_timestamp()) * 1000)::bigint";
    private static final String MARIA_NOW = "CAST(UNIX_TIMESTAMP(NOW(3)) * 1000 AS SIGNED)";

    @Param({"postgresql", "mariadb"})
    public String kind;

    private final String appId = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    private final String table = "ek_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private PluginHarness harness;
    private Cache cache;
    private HikariDataSource pool;
    private String set;
    private String get;
    private String lockRow;
    private String readLocked;
    private String incr;
    private final String[] keys = new String[KEYS];
    private final String[] fullKeys = new String[KEYS];

    /** Each benchmark thread walks the keys from its own starting point. */
    @State(Scope.Thread)
    public static class Cursor {
        private static final AtomicInteger STARTS = new AtomicInteger();
        int next = STARTS.getAndAdd(97);

        int nextIndex() {
            next = (next + 1) & (KEYS - 1);
            return next;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (System.getProperty("elementkit.plugins.dir") == null) {
            System.setProperty("elementkit.plugins.dir", Path.of("plugins").toAbsolutePath().toString());
        }
        boolean pg = kind.equals("postgresql");
        harness = PluginHarness.load("element-database");
        Map<String, Object> config = new HashMap<>();
        config.put("kind", kind);
        config.put("host", "127.0.0.1");
        config.put("database", "test");
        config.put("user", pg ? "postgres" : "root");
        config.put("table", table);
        cache = harness.createCache("caches.DatabaseType",
                new ElementContext(appId, Files.createTempDirectory("db-bench"), "caches.Bench"), config);

        HikariConfig hikari = new HikariConfig();
        if (pg) {
            PGSimpleDataSource source = new PGSimpleDataSource();
            source.setURL("jdbc:postgresql://127.0.0.1:5432/test");
            source.setUser("postgres");
            hikari.setDataSource(source);
        } else {
            MariaDbDataSource source = new MariaDbDataSource("jdbc:mariadb://127.0.0.1:3306/test?useAffectedRows=true");
            source.setUser("root");
            hikari.setDataSource(source);
        }
        hikari.setMaximumPoolSize(10);
        pool = new HikariDataSource(hikari);
        String now = pg ? PG_NOW : MARIA_NOW;
        String live = "(expires_at IS NULL OR expires_at > " + now + ")";
        get = "SELECT cache_value FROM " + table + " WHERE cache_key = ? AND " + live;
        if (pg) {
            set = "INSERT INTO " + table + " (cache_key, cache_value, expires_at) VALUES (?, ?, (" + now
                    + " + CAST(? AS BIGINT))) ON CONFLICT (cache_key) DO UPDATE SET cache_value = "
                    + "EXCLUDED.cache_value, expires_at = EXCLUDED.expires_at";
            String expired = "(e.expires_at IS NOT NULL AND e.expires_at <= " + now + ")";
            incr = "INSERT INTO " + table + " AS e (cache_key, cache_value, expires_at) VALUES (?, ?, (" + now
                    + " + CAST(? AS BIGINT))) ON CONFLICT (cache_key) DO UPDATE SET "
                    + "cache_value = CASE WHEN " + expired + " THEN EXCLUDED.cache_value "
                    + "ELSE (e.cache_value::numeric + EXCLUDED.cache_value::numeric)::text END, "
                    + "expires_at = CASE WHEN " + expired + " THEN EXCLUDED.expires_at ELSE e.expires_at END "
                    + "WHERE " + expired + " OR CASE WHEN e.cache_value ~ '^-?(0|[1-9][0-9]{0,18})$' "
                    + "THEN e.cache_value::numeric + EXCLUDED.cache_value::numeric "
                    + "BETWEEN -9223372036854775808 AND 9223372036854775807 ELSE false END RETURNING cache_value";
        } else {
            set = "INSERT INTO " + table + " (cache_key, cache_value, expires_at) VALUES (?, ?, (" + now + " + ?)) "
                    + "ON DUPLICATE KEY UPDATE cache_value = VALUES(cache_value), expires_at = VALUES(expires_at)";
            lockRow = "INSERT INTO " + table + " (cache_key, cache_value, expires_at) VALUES (?, '', 0) "
                    + "ON DUPLICATE KEY UPDATE cache_key = cache_key";
            readLocked = "SELECT cache_value, " + live + ", " + now + " FROM " + table
                    + " WHERE cache_key = ? FOR UPDATE";
            incr = "UPDATE " + table + " SET cache_value = ? WHERE cache_key = ?";
        }
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "key:" + i;
            fullKeys[i] = appId + ":raw:" + i;
            cache.set(keys[i], VALUE);
            cache.setNumeric("counter:" + i, 0);
            rawSet(fullKeys[i], VALUE);
            rawSet(fullKeys[i] + ":counter", "0");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
            Instances.close(cache);
            harness.close();
            statement.execute("DROP TABLE IF EXISTS " + table);
        } finally {
            pool.close();
        }
    }

    @Benchmark
    public boolean setElement(Cursor cursor) {
        return cache.set(keys[cursor.nextIndex()], VALUE);
    }

    @Benchmark
    public int setRaw(Cursor cursor) throws SQLException {
        return rawSet(fullKeys[cursor.nextIndex()], VALUE);
    }

    @Benchmark
    public String getElement(Cursor cursor) {
        return cache.get(keys[cursor.nextIndex()]);
    }

    @Benchmark
    public String getRaw(Cursor cursor) throws SQLException {
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = connection.prepareStatement(get)) {
            statement.setString(1, fullKeys[cursor.nextIndex()]);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    @Benchmark
    public long incrElement(Cursor cursor) {
        return cache.incr("counter:" + cursor.nextIndex());
    }

    @Benchmark
    public long incrRaw(Cursor cursor) throws SQLException {
        String key = fullKeys[cursor.nextIndex()] + ":counter";
        try (Connection connection = pool.getConnection()) {
            if (lockRow == null) {
                try (PreparedStatement statement = connection.prepareStatement(incr)) {
                    statement.setString(1, key);
                    statement.setString(2, "1");
                    statement.setNull(3, Types.BIGINT);
                    try (ResultSet rows = statement.executeQuery()) {
                        rows.next();
                        return Long.parseLong(rows.getString(1));
                    }
                }
            }
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement lock = connection.prepareStatement(lockRow)) {
                    lock.setString(1, key);
                    lock.executeUpdate();
                }
                long next;
                try (PreparedStatement read = connection.prepareStatement(readLocked)) {
                    read.setString(1, key);
                    try (ResultSet rows = read.executeQuery()) {
                        rows.next();
                        next = Math.addExact(Long.parseLong(rows.getString(1)), 1);
                    }
                }
                try (PreparedStatement write = connection.prepareStatement(incr)) {
                    write.setString(1, Long.toString(next));
                    write.setString(2, key);
                    write.executeUpdate();
                }
                connection.commit();
                return next;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private int rawSet(String key, String value) throws SQLException {
        try (Connection connection = pool.getConnection();
             PreparedStatement statement = connection.prepareStatement(set)) {
            statement.setString(1, key);
            statement.setString(2, value);
            statement.setNull(3, Types.BIGINT);
            return statement.executeUpdate();
        }
    }
}
