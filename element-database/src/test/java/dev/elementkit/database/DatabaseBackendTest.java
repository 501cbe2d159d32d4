package dev.elementkit.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.platform.config.Secret;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The backend's calls that the {@code Cache} API does not expose directly (the lock primitives, the sweeper), on the
 * real servers, from this module's classes (no PF4J): the ITs prove the JAR, this proves the statements.
 */
class DatabaseBackendTest {

    private final String table = TestDatabase.newTable();
    private DatabaseBackend backend;
    private TestDatabase database;

    private DatabaseBackend open(TestDatabase database) throws Exception {
        this.database = database;
        DatabaseKind kind = database == TestDatabase.POSTGRESQL ? DatabaseKind.POSTGRESQL : DatabaseKind.MARIADB;
        backend = DatabaseBackend.open(new DatabaseTarget(kind, database.url, database.user, (Secret) null, table,
                false, 4, Duration.ofSeconds(5), Duration.ofHours(1)));
        return backend;
    }

    @AfterEach
    void close() throws Exception {
        if (backend != null) {
            backend.close();
            database.dropTable(table);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void deleteIfEqualsReleasesOnlyTheOwnersLock(TestDatabase db) throws Exception {
        DatabaseBackend cache = open(db);
        cache.set("lock", "owner-a", Duration.ofMinutes(1));
        assertFalse(cache.deleteIfEquals("lock", "owner-b"));
        assertEquals("owner-a", cache.get("lock"));
        assertTrue(cache.deleteIfEquals("lock", "owner-a"));
        assertNull(cache.get("lock"));
        assertFalse(cache.deleteIfEquals("lock", "owner-a"), "a missing key is not deleted twice");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void expireIfEqualsExtendsOnlyTheOwnersLease(TestDatabase db) throws Exception {
        DatabaseBackend cache = open(db);
        cache.set("lock", "owner-a", Duration.ofSeconds(10));
        assertFalse(cache.expireIfEquals("lock", "owner-b", Duration.ofMinutes(10)));
        assertTrue(cache.ttlMillis("lock") <= 10_000);
        assertTrue(cache.expireIfEquals("lock", "owner-a", Duration.ofMinutes(10)));
        assertTrue(cache.ttlMillis("lock") > 590_000, "ttl " + cache.ttlMillis("lock"));
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void theSweeperDeletesExpiredRowsAndNothingElse(TestDatabase db) throws Exception {
        DatabaseBackend cache = open(db);
        cache.set("live", "v", Duration.ofHours(1));
        cache.set("forever", "v", null);
        try (Connection sql = db.connect(); PreparedStatement past = sql.prepareStatement(
                "INSERT INTO " + table + " (cache_key, cache_value, expires_at) VALUES (?, 'old', 1)")) {
            for (int i = 0; i < 3; i++) {
                past.setString(1, "expired:" + i);
                past.executeUpdate();
            }
        }
        assertNull(cache.get("expired:0"), "an expired row is never read, swept or not");
        assertEquals(3, cache.sweep());
        try (Connection sql = db.connect(); ResultSet rows = sql.createStatement().executeQuery(
                "SELECT count(*) FROM " + table)) {
            rows.next();
            assertEquals(2, rows.getInt(1));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.class)
    void valuesWithNulCharactersRoundTripAndOthersAreStoredAsTheyAre(TestDatabase db) throws Exception {
        DatabaseBackend cache = open(db);
        cache.set("nul", "a\u0000b", null);
        cache.set("plain", "John", null);
        assertEquals("a\u0000b", cache.get("nul"));
        try (Connection sql = db.connect(); ResultSet rows = sql.createStatement().executeQuery(
                "SELECT cache_value FROM " + table + " WHERE cache_key = 'plain'")) {
            rows.next();
            assertEquals("John", rows.getString(1));
        }
    }
}
