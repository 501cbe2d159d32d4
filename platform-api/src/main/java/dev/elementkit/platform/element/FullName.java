package dev.elementkit.platform.element;

import java.util.List;
import java.util.regex.Pattern;

/**
 * An element fullName: its folder path relative to the app root with {@code /} replaced by {@code .}, e.g.
 * {@code caches.MyRedis} for {@code caches/MyRedis/}. Parsing rejects anything that could leave the app folder
 * ({@code ..}, slashes, absolute paths), so a name from a request can be turned into a path safely.
 *
 * @param segments the folder names, at least one
 *
 * @since 1.0.0
 */
public record FullName(List<String> segments) {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    public FullName {
        segments = List.copyOf(segments);
    }

    /**
     * Parses {@code caches.MyRedis}.
     *
     * @throws IllegalArgumentException naming the input, when a segment is empty or has characters other than
     *                                  letters, digits and underscores (or starts with a digit)
     */
    public static FullName parse(String fullName) {
        if (fullName == null || fullName.isEmpty()) {
            throw new IllegalArgumentException("an element fullName is required, e.g. caches.MyCache");
        }
        String[] parts = fullName.split("\\.", -1);
        for (String part : parts) {
            if (!SEGMENT.matcher(part).matches()) {
                throw new IllegalArgumentException("'" + fullName + "' is not a valid element fullName: each "
                        + "dot-separated part must be 1 to 64 letters, digits or underscores, not starting with a digit");
            }
        }
        return new FullName(List.of(parts));
    }

    /** True when {@code fullName} parses. */
    public static boolean isValid(String fullName) {
        try {
            parse(fullName);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The family: the first segment ({@code caches}). */
    public String family() {
        return segments.get(0);
    }

    /** The last segment ({@code MyRedis}): the element's folder and configuration file name. */
    public String simpleName() {
        return segments.get(segments.size() - 1);
    }

    /** The relative folder, {@code caches/MyRedis}. */
    public String relativePath() {
        return String.join("/", segments);
    }

    @Override
    public String toString() {
        return String.join(".", segments);
    }
}
