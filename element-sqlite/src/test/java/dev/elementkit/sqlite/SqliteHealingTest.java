package dev.elementkit.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.CacheElements;
import dev.elementkit.cache.CacheUnavailableException;
import dev.elementkit.cache.tck.Instances;
import dev.elementkit.platform.element.ElementContext;
import dev.elementkit.platform.shared.Lease;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite element heals from transient faults of its file: after a held lock, disk full, an unwritable file or
 * a garbage file, the first call after the condition is gone succeeds; a deleted file is noticed and opened again.
 * Failures are {@link CacheUnavailableException}s naming the file and reporting "not applied".
 */
@Tag("fault")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SqliteHealingTest {

    @TempDir
    Path dir;

    private final AtomicLong ticker = new AtomicLong();
    private long longestFailureNanos;
    private final List<SqliteBackend> backends = new ArrayList<>();

    @AfterEach
    void closeBackends() {
        backends.forEach(SqliteBackend::close);
    }

    /** A cache on {@code db} whose file checks run on {@link #ticker}, not on the wall clock. */
    private Cache cache(Path db, Duration busyTimeout) throws Exception {
        SqliteBackend backend = SqliteBackend.open(new SqliteFile(db, busyTimeout, Duration.ofHours(1)), ticker::get);
        backends.add(backend);
        return CacheElements.newCache(new ElementContext("heal", dir, "caches.Heal"), () -> new Lease<>() {
            @Override
            public SqliteBackend get() {
                return backend;
            }

            @Override
            public void close() {
            }
        });
    }

    private CacheUnavailableException assertNotApplied(Path db, Runnable call) {
        long start = System.nanoTime();
        CacheUnavailableException e = assertThrows(CacheUnavailableException.class, call::run);
        longestFailureNanos = Math.max(longestFailureNanos, System.nanoTime() - start);
        assertFalse(e.mayHaveBeenApplied(), "a failed SQLite statement is never applied: " + e.getMessage());
        assertTrue(e.getMessage().contains(db.toString()), "names the file: " + e.getMessage());
        return e;
    }

    @Test
    void aHeldWriteLock_failsCallsAsNotApplied_andTheFirstCallAfterItsReleaseSucceeds() throws Exception {
        Path db = dir.resolve("locked.db");
        Cache cache = cache(db, Duration.ofMillis(200));
        cache.setNumeric("n", 1);
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement statement = other.createStatement()) {
            statement.execute("BEGIN EXCLUSIVE");
            statement.execute("UPDATE cache_entries SET value = '10' WHERE key = 'heal:n'");
            assertNotApplied(db, () -> cache.incr("n"));
            assertNotApplied(db, () -> cache.set("k", "v"));
            statement.execute("COMMIT");
        }
        assertEquals(11L, firstCallAfter("held lock", () -> cache.incr("n")), "the first call after the release");
        cache.set("k", "v");
        assertEquals("v", cache.get("k"));
    }

    /** The file made immutable (what a read-only file is to root): writes fail, then work once it is writable. */
    @Test
    void anUnwritableFile_failsWrites_andTheFirstWriteAfterItIsWritableAgainSucceeds() throws Exception {
        Path db = dir.resolve("readonly.db");
        Cache cache = cache(db, Duration.ofMillis(200));
        cache.set("before", "1");
        Path[] files = {db, Path.of(db + "-wal")};
        requireChattr(files);
        try {
            assertNotApplied(db, () -> cache.set("during", "2"));
            assertNotApplied(db, () -> cache.incr("n"));
        } finally {
            chattr("-i", files);
        }
        firstCallAfter("unwritable file", () -> cache.set("after", "3"));
        assertEquals("1", cache.get("before"));
        assertEquals("3", cache.get("after"));
        assertEquals(null, cache.get("during"));
        assertIntegrityOk(db);
    }

    /**
     * A file of garbage put in the database's place: every call fails as unavailable (never "statement is not
     * executing" on a poisoned statement), and once the garbage is gone the first write succeeds.
     */
    @Test
    void aGarbageFile_failsCalls_andTheFirstCallAfterItIsRemovedSucceeds() throws Exception {
        Path db = dir.resolve("garbage.db");
        Cache cache = cache(db, Duration.ofMillis(200));
        cache.set("k", "v");
        byte[] garbage = new byte[64 * 1024];
        new Random(7).nextBytes(garbage);
        Path staged = dir.resolve("staged");
        Files.write(staged, garbage);
        Files.move(staged, db, StandardCopyOption.REPLACE_EXISTING);
        Files.deleteIfExists(Path.of(db + "-wal"));
        Files.deleteIfExists(Path.of(db + "-shm"));
        assertFalse(cache.ping(), "ping notices the replaced file");
        for (int i = 0; i < 3; i++) {
            assertNotApplied(db, () -> cache.set("k", "w"));
        }
        Files.delete(db);
        firstCallAfter("garbage file", () -> cache.set("k", "after"));
        assertEquals("after", cache.get("k"));
        assertIntegrityOk(db);
    }

    /** A garbage file when the element is created: unavailable, not broken, and it heals once the file is gone. */
    @Test
    void aGarbageFileAtCreation_leavesTheElementUnavailable_untilItIsRemoved() throws Exception {
        Path db = dir.resolve("garbage-at-start.db");
        Files.writeString(db, "these are notes, not a database ".repeat(200));
        Cache cache = new SqliteCacheType().create(new ElementContext("heal", dir, "caches.Heal"),
                new SqliteConfig(db.toString(), 200, 60));
        try {
            assertTrue(cache.unavailability().orElse("").contains(db.toString()), cache.unavailability().toString());
            assertNotApplied(db, () -> cache.set("k", "v"));
            Files.delete(db);
            cache.set("k", "v");
            assertEquals("v", cache.get("k"));
            assertTrue(cache.unavailability().isEmpty());
        } finally {
            Instances.close(cache);
        }
    }

    /** Deleted with its -wal and -shm while open: ping fails, and the next write lands in a new file at the path. */
    @Test
    void aDeletedFile_isNoticedByPing_andTheNextWriteGoesToTheFileAtThePath() throws Exception {
        Path db = dir.resolve("deleted.db");
        Cache cache = cache(db, Duration.ofSeconds(1));
        cache.set("old", "1");
        deleteDatabase(db);
        assertFalse(cache.ping());
        cache.set("new", "2");
        assertEquals("2", readRaw(db, "heal:new"), "a fresh connection to the path sees the write");
        assertEquals(null, cache.get("old"));
        assertTrue(cache.ping());
    }

    /**
     * Without ping, the write path compares the file's identity at least every FILE_CHECK_INTERVAL: the first write
     * after the interval fails naming the file, and the next one is stored in the file now at the path.
     */
    @Test
    void aDeletedFile_isNoticedByWritesWithinTheCheckInterval() throws Exception {
        Path db = dir.resolve("deleted-writes.db");
        Cache cache = cache(db, Duration.ofSeconds(1));
        cache.set("old", "1");
        deleteDatabase(db);
        ticker.addAndGet(SqliteBackend.FILE_CHECK_INTERVAL.toNanos() - 1);
        cache.set("unchecked", "x"); // within the interval: not looked at yet, lost with the unlinked file
        ticker.addAndGet(1);
        CacheUnavailableException e = assertNotApplied(db, () -> cache.set("noticed", "y"));
        assertTrue(e.getMessage().contains("deleted"), e.getMessage());
        firstCallAfter("deleted file (noticed by a write after " + SqliteBackend.FILE_CHECK_INTERVAL.toSeconds()
                + " s)", () -> cache.set("new", "2"));
        assertEquals("2", readRaw(db, "heal:new"));
        assertEquals(null, readRaw(db, "heal:noticed"));
    }

    /**
     * Disk full on a small tmpfs: writes fail as not applied while it is full, every acknowledged write stays
     * readable, and the first write after space is freed succeeds.
     */
    @Test
    void aFullDisk_failsWrites_andTheFirstWriteAfterSpaceIsFreedSucceeds() throws Exception {
        try (Tmpfs tmpfs = Tmpfs.mount(1024)) {
            Path db = tmpfs.root().resolve("full.db");
            Path filler = tmpfs.root().resolve("filler");
            Cache cache = cache(db, Duration.ofSeconds(1));
            Files.write(filler, new byte[256 * 1024]);
            String value = "x".repeat(8 * 1024);
            int acknowledged = 0;
            CacheUnavailableException full = null;
            while (full == null && acknowledged < 1000) {
                try {
                    cache.set("k" + acknowledged, value);
                    acknowledged++;
                } catch (CacheUnavailableException e) {
                    full = e;
                }
            }
            assertTrue(full != null, "1000 writes of 8 KB fit in a 1 MB tmpfs?");
            assertFalse(full.mayHaveBeenApplied(), full.getMessage());
            assertTrue(acknowledged > 0, "nothing fit before the disk was full");
            assertNotApplied(db, () -> cache.set("more", value));
            assertTrue(cache.unavailability().orElse("").contains(db.toString()), "listed unavailable while full");
            Files.delete(filler);
            firstCallAfter("disk full", () -> cache.set("after", "freed"));
            assertEquals("freed", cache.get("after"), "the first write after space was freed");
            assertTrue(cache.unavailability().isEmpty(), "available again: " + cache.unavailability());
            for (int i = 0; i < acknowledged; i++) {
                assertEquals(value, cache.get("k" + i), "acknowledged write k" + i + " lost");
            }
            assertIntegrityOk(db);
            closeBackends();
            backends.clear();
            System.out.printf("fault sqlite disk-full: %d writes acknowledged before full, 0 lost, first write "
                    + "after freeing space succeeded%n", acknowledged);
        }
    }

    /** Runs the first call after a fault cleared (it must succeed) and prints the fault's figures. */
    private <T> T firstCallAfter(String fault, java.util.concurrent.Callable<T> call) throws Exception {
        long start = System.nanoTime();
        T result = call.call();
        System.out.printf("fault sqlite %s: longest failing call %d ms (all 'not applied'), first call after the "
                + "fault cleared succeeded in %d ms%n", fault, longestFailureNanos / 1_000_000,
                (System.nanoTime() - start) / 1_000_000);
        return result;
    }

    private static void deleteDatabase(Path db) throws Exception {
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(Path.of(db + suffix));
        }
    }

    private static String readRaw(Path db, String key) throws Exception {
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement statement = raw.createStatement();
             ResultSet rows = statement.executeQuery("SELECT value FROM cache_entries WHERE key = '" + key + "'")) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    static void assertIntegrityOk(Path db) throws Exception {
        try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement statement = raw.createStatement();
             ResultSet rows = statement.executeQuery("PRAGMA integrity_check")) {
            assertTrue(rows.next());
            assertEquals("ok", rows.getString(1));
        }
    }

    private static void requireChattr(Path... files) {
        String failure = chattr("+i", files);
        if (failure != null) {
            String message = "*** chattr +i failed (" + failure + "): the unwritable-file test needs root on a file "
                    + "system with immutable files ***";
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(message + " — required in CI");
            }
            System.err.println(message + " — SKIPPING");
            Assumptions.abort(message);
        }
    }

    private static String chattr(String flag, Path... files) {
        List<String> command = new ArrayList<>(List.of("chattr", flag));
        for (Path file : files) {
            command.add(file.toString());
        }
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes()).trim();
            return process.waitFor() == 0 ? null : output;
        } catch (Exception e) {
            return e.toString();
        }
    }
}
