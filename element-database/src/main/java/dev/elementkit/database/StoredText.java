package dev.elementkit.database;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * How a value is kept in the text column. PostgreSQL's text cannot hold U+0000, which a cache value may contain;
 * every other value is stored as it is, so that {@code psql} shows what a script stored. A value with U+0000, or
 * one that starts with the marker itself, is stored as the marker (U+FFFE, a noncharacter no text is expected to
 * start with) followed by the Base64 of its UTF-8 bytes.
 */
final class StoredText {

    private static final char MARKER = '\uFFFE';

    private StoredText() {
    }

    static String encode(String value) {
        if (value.indexOf('\u0000') < 0 && (value.isEmpty() || value.charAt(0) != MARKER)) {
            return value;
        }
        return MARKER + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String stored) {
        if (stored == null || stored.isEmpty() || stored.charAt(0) != MARKER) {
            return stored;
        }
        return new String(Base64.getDecoder().decode(stored.substring(1)), StandardCharsets.UTF_8);
    }
}
