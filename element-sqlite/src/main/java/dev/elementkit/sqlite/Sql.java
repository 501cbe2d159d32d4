package dev.elementkit.sqlite;

/**
 * Every statement the backend runs, prepared once per connection. Times are epoch milliseconds passed in by the
 * caller, so that every process on the file agrees on "now"; a row whose {@code expires_at} is not after now is
 * expired and treated exactly like a missing one.
 */
enum Sql {

    GET("SELECT value FROM " + SqliteFile.TABLE + " WHERE key = ?1 AND " + Sql.LIVE),

    TTL("SELECT expires_at FROM " + SqliteFile.TABLE + " WHERE key = ?1 AND " + Sql.LIVE),

    EXISTS("SELECT 1 FROM " + SqliteFile.TABLE + " WHERE key = ?1 AND " + Sql.LIVE),

    SET("INSERT INTO " + SqliteFile.TABLE + " (key, value, expires_at) VALUES (?1, ?2, ?3) "
            + "ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at"),

    /**
     * The whole increment in one statement, hence atomic across threads and processes. An expired row counts as
     * missing (it restarts from 0 without a TTL); a live row keeps its TTL. The DO UPDATE's WHERE leaves the row
     * untouched, and RETURNING empty, when the stored text is not a canonical whole number (Redis's rule: no
     * spaces, no leading zeros, no decimals) or when adding would leave the 64-bit range. A row this statement
     * creates (or re-creates over an expired one) gets the expiry ?4, NULL for none, in the same atomic step.
     */
    INCR("INSERT INTO " + SqliteFile.TABLE + " AS e (key, value, expires_at) VALUES (?1, ?2, ?4) "
            + "ON CONFLICT (key) DO UPDATE SET "
            + "value = CASE WHEN " + Sql.EXPIRED + " THEN ?2 ELSE CAST(e.value AS INTEGER) + ?2 END, "
            + "expires_at = CASE WHEN " + Sql.EXPIRED + " THEN ?4 ELSE e.expires_at END "
            + "WHERE " + Sql.EXPIRED + " OR (e.value = CAST(CAST(e.value AS INTEGER) AS TEXT) "
            + "AND (?2 <= 0 OR CAST(e.value AS INTEGER) <= 9223372036854775807 - ?2) "
            + "AND (?2 >= 0 OR CAST(e.value AS INTEGER) >= (-9223372036854775807 - 1) - ?2)) "
            + "RETURNING CAST(value AS INTEGER)"),

    EXPIRE("UPDATE " + SqliteFile.TABLE + " SET expires_at = ?3 WHERE key = ?1 AND " + Sql.LIVE),

    /** A range scan over the primary key: every key starting with a literal prefix lies in [from, to). */
    KEYS_FROM("SELECT key FROM " + SqliteFile.TABLE + " WHERE key >= ?1 AND " + Sql.LIVE),

    KEYS_RANGE("SELECT key FROM " + SqliteFile.TABLE + " WHERE key >= ?1 AND key < ?3 AND " + Sql.LIVE),

    /** One batch of the background sweep, small enough not to hold the write lock long. */
    SWEEP("DELETE FROM " + SqliteFile.TABLE + " WHERE key IN (SELECT key FROM " + SqliteFile.TABLE
            + " WHERE expires_at IS NOT NULL AND expires_at <= ?1 LIMIT ?2)"),

    PING("SELECT count(*) FROM sqlite_schema"),

    /**
     * The group commit's transaction, prepared once like the rest (the JDBC calls would parse it every time). IMMEDIATE
     * takes the write lock up front, so no statement inside has to upgrade a read lock, which fails at once under WAL
     * instead of waiting.
     */
    BEGIN("BEGIN IMMEDIATE"),

    COMMIT("COMMIT"),

    ROLLBACK("ROLLBACK"),

    /** Copies the write-ahead log into the file without waiting for anyone; see SqliteBackend on checkpoints. */
    CHECKPOINT("PRAGMA wal_checkpoint(PASSIVE)"),

    /**
     * Inserts only when the key is missing or expired (an expired row is replaced): one statement, so of many
     * writers exactly one changes a row. ?3 the new expiry or NULL, ?4 now.
     */
    ADD("INSERT INTO " + SqliteFile.TABLE + " AS e (key, value, expires_at) VALUES (?1, ?2, ?3) "
            + "ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at "
            + "WHERE e.expires_at IS NOT NULL AND e.expires_at <= ?4"),

    /**
     * Deletes and hands back value and expiry in one statement (delete and get-and-delete). The row goes even when
     * it has expired (that is only tidying up); the caller discards an expired row's value.
     */
    GET_AND_DELETE("DELETE FROM " + SqliteFile.TABLE + " WHERE key = ?1 RETURNING value, expires_at"),

    /** Compare-and-delete for lock release: ?2 the owner's value, ?3 now. */
    DELETE_IF_EQUALS("DELETE FROM " + SqliteFile.TABLE + " WHERE key = ?1 AND value = ?2 "
            + "AND (expires_at IS NULL OR expires_at > ?3)"),

    /** Compare-and-expire for lock extension: ?2 the owner's value, ?3 the new expiry, ?4 now. */
    EXPIRE_IF_EQUALS("UPDATE " + SqliteFile.TABLE + " SET expires_at = ?3 WHERE key = ?1 AND value = ?2 "
            + "AND (expires_at IS NULL OR expires_at > ?4)"),

    /**
     * Clears one app: a primary-key range scan over [prefix, upper bound), one statement. Returns 1 per live row
     * deleted and 0 per expired one, so the count means what {@code Cache.clear} says.
     */
    DELETE_RANGE("DELETE FROM " + SqliteFile.TABLE + " WHERE key >= ?1 AND key < ?2 "
            + "RETURNING (expires_at IS NULL OR expires_at > ?3)");

    // Parameters: ?1 is always the key (or the range start), "now" is ?2 in reads, EXPIRE and KEYS_*, and ?3 in
    // INCR, whose ?2 is the amount. One spelling of liveness for every statement; the statements of the atomic
    // calls number their parameters as their comments say.
    private static final String LIVE = "(expires_at IS NULL OR expires_at > ?2)";
    private static final String EXPIRED = "(e.expires_at IS NOT NULL AND e.expires_at <= ?3)";

    private final String text;

    Sql(String text) {
        this.text = text;
    }

    String text() {
        return text;
    }
}
