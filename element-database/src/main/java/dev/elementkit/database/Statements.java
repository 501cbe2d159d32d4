package dev.elementkit.database;

import java.util.List;

/**
 * Every statement the backend runs on one table, in the dialect of its database. Times are epoch milliseconds of
 * the <em>database's</em> clock, so that every host sharing the table agrees on "now"; a row whose
 * {@code expires_at} is not after now is expired and treated exactly like a missing one.
 *
 * <p>Columns: {@code cache_key} (the full key, compared by code point: PostgreSQL's "C" collation, MariaDB's
 * {@code utf8mb4_nopad_bin}), {@code cache_value} (text, see {@link StoredText}), {@code expires_at} (null for no
 * expiry).
 */
record Statements(
        List<String> schema,
        String get,
        /* Values of several keys: format with the placeholders ("?, ?, ?"). */
        String getMany,
        String ttl,
        String set,
        String add,
        /* PostgreSQL: the whole increment in one upsert; null for MariaDB, which increments under a row lock. */
        String incr,
        String expire,
        String delete,
        String getAndDelete,
        String deleteIfEquals,
        String expireIfEquals,
        String keys,
        String deleteByPrefix,
        String sweep,
        /* Row-locked read-modify-write (rate limits; MariaDB's incr): make sure the row exists, lock it, write it. */
        String lockRow,
        String readLocked,
        String writeLocked,
        String writeValueLocked,
        String deleteLocked,
        String ping) {

    /** Liveness in every read: one spelling for every statement. */
    private static final String LIVE = "(expires_at IS NULL OR expires_at > %1$s)";

    static Statements of(DatabaseKind kind, String table, boolean unlogged) {
        return kind == DatabaseKind.POSTGRESQL ? postgresql(table, unlogged) : mariadb(table);
    }

    private static Statements postgresql(String t, boolean unlogged) {
        String now = "(EXTRACT(EPOCH FROM statement_timestamp()) * 1000)::bigint";
        String live = String.format(LIVE, now);
        String expiresIn = "(" + now + " + CAST(? AS BIGINT))";
        String expired = "(e.expires_at IS NOT NULL AND e.expires_at <= " + now + ")";
        // PostgreSQL puts an index into its table's schema, so the name is never qualified.
        String index = t.replace('.', '_') + "_expires_at";
        return new Statements(
                List.of("CREATE " + (unlogged ? "UNLOGGED " : "") + "TABLE IF NOT EXISTS " + t
                                + " (cache_key TEXT COLLATE \"C\" PRIMARY KEY, cache_value TEXT NOT NULL, "
                                + "expires_at BIGINT)",
                        // Partial: only entries with a TTL are indexed, which is all the sweeper looks at.
                        "CREATE INDEX IF NOT EXISTS " + index + " ON " + t
                                + " (expires_at) WHERE expires_at IS NOT NULL"),
                "SELECT cache_value FROM " + t + " WHERE cache_key = ? AND " + live,
                "SELECT cache_key, cache_value FROM " + t + " WHERE cache_key IN (%s) AND " + live.replace("%", "%%"),
                "SELECT expires_at - " + now + " FROM " + t + " WHERE cache_key = ? AND " + live,
                "INSERT INTO " + t + " (cache_key, cache_value, expires_at) VALUES (?, ?, " + expiresIn + ") "
                        + "ON CONFLICT (cache_key) DO UPDATE SET cache_value = EXCLUDED.cache_value, "
                        + "expires_at = EXCLUDED.expires_at",
                // Inserts, or replaces only an expired row: one row affected exactly when this call stored it.
                "INSERT INTO " + t + " AS e (cache_key, cache_value, expires_at) VALUES (?, ?, " + expiresIn + ") "
                        + "ON CONFLICT (cache_key) DO UPDATE SET cache_value = EXCLUDED.cache_value, "
                        + "expires_at = EXCLUDED.expires_at WHERE " + expired,
                // The amount travels as the inserted value, so the statement names it once. A live row that does
                // not hold a canonical 64-bit integer, or whose sum would leave the range, is left untouched and
                // RETURNING is empty; the CASE keeps the cast from running on text that is not a number.
                "INSERT INTO " + t + " AS e (cache_key, cache_value, expires_at) VALUES (?, ?, " + expiresIn + ") "
                        + "ON CONFLICT (cache_key) DO UPDATE SET "
                        + "cache_value = CASE WHEN " + expired + " THEN EXCLUDED.cache_value "
                        + "ELSE (e.cache_value::numeric + EXCLUDED.cache_value::numeric)::text END, "
                        + "expires_at = CASE WHEN " + expired + " THEN EXCLUDED.expires_at ELSE e.expires_at END "
                        + "WHERE " + expired + " OR CASE WHEN e.cache_value ~ '^-?(0|[1-9][0-9]{0,18})$' "
                        + "THEN e.cache_value::numeric + EXCLUDED.cache_value::numeric "
                        + "BETWEEN -9223372036854775808 AND 9223372036854775807 ELSE false END "
                        + "RETURNING cache_value",
                "UPDATE " + t + " SET expires_at = " + expiresIn + " WHERE cache_key = ? AND " + live,
                "DELETE FROM " + t + " WHERE cache_key = ? RETURNING " + live,
                "DELETE FROM " + t + " WHERE cache_key = ? RETURNING cache_value, " + live,
                "DELETE FROM " + t + " WHERE cache_key = ? AND cache_value = ? AND " + live,
                "UPDATE " + t + " SET expires_at = " + expiresIn + " WHERE cache_key = ? AND cache_value = ? AND "
                        + live,
                "SELECT cache_key FROM " + t + " WHERE cache_key >= ? AND cache_key LIKE ? ESCAPE '!' AND " + live,
                "DELETE FROM " + t + " WHERE cache_key >= ? AND cache_key LIKE ? ESCAPE '!' RETURNING " + live,
                // SKIP LOCKED: hosts sweeping the same table at once take different rows instead of queueing.
                "DELETE FROM " + t + " WHERE cache_key IN (SELECT cache_key FROM " + t + " WHERE expires_at <= "
                        + now + " LIMIT ? FOR UPDATE SKIP LOCKED)",
                // expires_at 0: a placeholder reads as expired, and nobody else ever sees it uncommitted.
                "INSERT INTO " + t + " (cache_key, cache_value, expires_at) VALUES (?, '', 0) "
                        + "ON CONFLICT (cache_key) DO NOTHING",
                "SELECT cache_value, " + live + ", " + now + " FROM " + t + " WHERE cache_key = ? FOR UPDATE",
                "UPDATE " + t + " SET cache_value = ?, expires_at = " + expiresIn + " WHERE cache_key = ?",
                "UPDATE " + t + " SET cache_value = ? WHERE cache_key = ?",
                "DELETE FROM " + t + " WHERE cache_key = ?",
                "SELECT 1");
    }

    private static Statements mariadb(String t) {
        String now = "CAST(UNIX_TIMESTAMP(NOW(3)) * 1000 AS SIGNED)";
        String live = String.format(LIVE, now);
        String expiresIn = "(" + now + " + ?)";
        String expired = "(expires_at IS NOT NULL AND expires_at <= " + now + ")";
        return new Statements(
                List.of("CREATE TABLE IF NOT EXISTS " + t + " (cache_key VARCHAR(768) NOT NULL PRIMARY KEY, "
                                + "cache_value LONGTEXT NOT NULL, expires_at BIGINT NULL, "
                                + "INDEX " + t.substring(t.lastIndexOf('.') + 1) + "_expires_at (expires_at)) "
                                // nopad: 'k' and 'k ' are two keys, as everywhere else.
                                + "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_nopad_bin"),
                "SELECT cache_value FROM " + t + " WHERE cache_key = ? AND " + live,
                "SELECT cache_key, cache_value FROM " + t + " WHERE cache_key IN (%s) AND " + live.replace("%", "%%"),
                "SELECT expires_at - " + now + " FROM " + t + " WHERE cache_key = ? AND " + live,
                "INSERT INTO " + t + " (cache_key, cache_value, expires_at) VALUES (?, ?, " + expiresIn + ") "
                        + "ON DUPLICATE KEY UPDATE cache_value = VALUES(cache_value), "
                        + "expires_at = VALUES(expires_at)",
                // Affected rows (useAffectedRows): 1 inserted, 2 replaced an expired row, 0 left a live one alone.
                // Assignments run left to right: the value's test still sees the old expires_at.
                "INSERT INTO " + t + " (cache_key, cache_value, expires_at) VALUES (?, ?, " + expiresIn + ") "
                        + "ON DUPLICATE KEY UPDATE "
                        + "cache_value = IF(" + expired + ", VALUES(cache_value), cache_value), "
                        + "expires_at = IF(" + expired + ", VALUES(expires_at), expires_at)",
                null,
                "UPDATE " + t + " SET expires_at = " + expiresIn + " WHERE cache_key = ? AND " + live,
                "DELETE FROM " + t + " WHERE cache_key = ? RETURNING " + live,
                "DELETE FROM " + t + " WHERE cache_key = ? RETURNING cache_value, " + live,
                "DELETE FROM " + t + " WHERE cache_key = ? AND cache_value = ? AND " + live,
                "UPDATE " + t + " SET expires_at = " + expiresIn + " WHERE cache_key = ? AND cache_value = ? AND "
                        + live,
                // MariaDB 10.11 turns a LIKE prefix on the nopad_bin key into an index range that misses characters
                // beyond U+FFFF; LIKE under another collation is only a filter, the >= bound keeps the index.
                "SELECT cache_key FROM " + t + " WHERE cache_key >= ? AND cache_key COLLATE utf8mb4_bin LIKE ? "
                        + "ESCAPE '!' AND " + live,
                "DELETE FROM " + t + " WHERE cache_key >= ? AND cache_key COLLATE utf8mb4_bin LIKE ? ESCAPE '!' "
                        + "RETURNING " + live,
                "DELETE FROM " + t + " WHERE expires_at <= " + now + " LIMIT ?",
                // Takes the row's exclusive lock whether it inserts the placeholder or finds the row.
                "INSERT INTO " + t + " (cache_key, cache_value, expires_at) VALUES (?, '', 0) "
                        + "ON DUPLICATE KEY UPDATE cache_key = cache_key",
                "SELECT cache_value, " + live + ", " + now + " FROM " + t + " WHERE cache_key = ? FOR UPDATE",
                "UPDATE " + t + " SET cache_value = ?, expires_at = " + expiresIn + " WHERE cache_key = ?",
                "UPDATE " + t + " SET cache_value = ? WHERE cache_key = ?",
                "DELETE FROM " + t + " WHERE cache_key = ?",
                "SELECT 1");
    }

    /** A LIKE pattern matching every key that starts with {@code prefix} (escape character {@code !}). */
    static String startsWith(String prefix) {
        return prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }
}
