package dev.elementkit.sqlite;

/**
 * Bounds of a primary-key range scan for "every key starting with a prefix". SQLite compares text by its UTF-8
 * bytes, and UTF-8 byte order is code point order, so the range is computed on code points (Java's own
 * {@code String} order, by UTF-16 units, would disagree above U+FFFF).
 */
final class KeyRange {

    private static final int SURROGATES_START = 0xD800;
    private static final int SURROGATES_END = 0xDFFF;

    private KeyRange() {
    }

    /**
     * The smallest text greater than every text starting with {@code prefix}, or null when there is none (empty
     * prefix, or one made only of U+10FFFF): scan {@code key >= prefix AND key < upperBound}.
     */
    static String upperBound(String prefix) {
        int[] codePoints = prefix.codePoints().toArray();
        for (int last = codePoints.length - 1; last >= 0; last--) {
            int next = codePoints[last] + 1;
            if (next == SURROGATES_START) {
                next = SURROGATES_END + 1;
            }
            if (next <= Character.MAX_CODE_POINT) {
                codePoints[last] = next;
                return new String(codePoints, 0, last + 1);
            }
        }
        return null;
    }
}
