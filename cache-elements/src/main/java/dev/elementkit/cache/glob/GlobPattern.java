package dev.elementkit.cache.glob;

import java.util.ArrayList;
import java.util.List;

/**
 * A key pattern in Redis glob syntax ({@code *}, {@code ?}, {@code [abc]}, {@code [a-z]}, {@code [^a]}, and
 * {@code \} escaping the next character), matched by Unicode code point.
 *
 * <p>Why our own matcher: Redis matches bytes, so {@code ?} would not match a multi-byte character there, and
 * SQLite's GLOB has no escape character. Backends therefore ask their server for a superset
 * ({@link #serverPattern()}) and keep what {@link #matches} accepts, which gives every backend the same answer.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 1.0.0
 */
public final class GlobPattern {

    private sealed interface Token permits Literal, AnyOne, AnyRun, CharClass {
    }

    private record Literal(int codePoint) implements Token {
    }

    private record AnyOne() implements Token {
    }

    private record AnyRun() implements Token {
    }

    private record CharClass(boolean negated, List<int[]> ranges) implements Token {
        boolean accepts(int c) {
            boolean inside = ranges.stream().anyMatch(r -> c >= r[0] && c <= r[1]);
            return inside != negated;
        }
    }

    private final String source;
    private final List<Token> tokens;

    private GlobPattern(String source, List<Token> tokens) {
        this.source = source;
        this.tokens = List.copyOf(tokens);
    }

    /**
     * Parses a pattern.
     *
     * @throws IllegalArgumentException naming the pattern, for an unclosed {@code [} or a trailing {@code \}
     */
    public static GlobPattern compile(String pattern) {
        if (pattern == null) {
            throw new IllegalArgumentException("pattern must not be null; use \"*\" for every key");
        }
        List<Token> tokens = new ArrayList<>();
        int[] cps = pattern.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            switch (c) {
                case '*' -> {
                    if (tokens.isEmpty() || !(tokens.get(tokens.size() - 1) instanceof AnyRun)) {
                        tokens.add(new AnyRun());
                    }
                }
                case '?' -> tokens.add(new AnyOne());
                case '\\' -> {
                    if (i + 1 >= cps.length) {
                        throw malformed(pattern, "it ends with a lone \\ (write \\\\ to match a backslash)");
                    }
                    tokens.add(new Literal(cps[++i]));
                }
                case '[' -> i = parseClass(pattern, cps, i, tokens);
                default -> tokens.add(new Literal(c));
            }
        }
        return new GlobPattern(pattern, tokens);
    }

    /** A pattern matching exactly {@code text}. */
    public static GlobPattern literal(String text) {
        return compile(escape(text));
    }

    /** {@code text} with every glob character escaped, so that it matches itself. */
    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        text.codePoints().forEach(c -> {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                out.append('\\');
            }
            out.appendCodePoint(c);
        });
        return out.toString();
    }

    /** This pattern preceded by a literal prefix (the app's {@code {appId}:}). */
    public GlobPattern withLiteralPrefix(String prefix) {
        return compile(escape(prefix) + source);
    }

    /** True when {@code key} matches the whole pattern. */
    public boolean matches(String key) {
        int[] text = key.codePoints().toArray();
        int t = 0;
        int p = 0;
        int starP = -1;
        int starT = -1;
        while (t < text.length) {
            if (p < tokens.size() && !(tokens.get(p) instanceof AnyRun) && acceptsOne(tokens.get(p), text[t])) {
                p++;
                t++;
            } else if (p < tokens.size() && tokens.get(p) instanceof AnyRun) {
                starP = p++;
                starT = t;
            } else if (starP >= 0) {
                p = starP + 1;
                t = ++starT;
            } else {
                return false;
            }
        }
        while (p < tokens.size() && tokens.get(p) instanceof AnyRun) {
            p++;
        }
        return p == tokens.size();
    }

    /** The literal text every match starts with (up to the first wildcard or class): backends range-scan on it. */
    public String literalPrefix() {
        StringBuilder prefix = new StringBuilder();
        for (Token token : tokens) {
            if (!(token instanceof Literal literal)) {
                break;
            }
            prefix.appendCodePoint(literal.codePoint());
        }
        return prefix.toString();
    }

    /** True when the pattern is only literal text, i.e. it matches a single key. */
    public boolean isLiteral() {
        return tokens.stream().allMatch(t -> t instanceof Literal);
    }

    /**
     * A Redis MATCH pattern that the server can apply byte-wise without missing a key: the whole pattern when it
     * uses only literals and {@code *}, otherwise the literal prefix followed by {@code *}. Filter the server's
     * answer with {@link #matches}.
     */
    public String serverPattern() {
        boolean byteSafe = tokens.stream().allMatch(t -> t instanceof Literal || t instanceof AnyRun);
        return byteSafe ? canonical() : escape(literalPrefix()) + "*";
    }

    /** The pattern as written. */
    @Override
    public String toString() {
        return source;
    }

    private String canonical() {
        StringBuilder out = new StringBuilder();
        for (Token token : tokens) {
            if (token instanceof Literal literal) {
                out.append(escape(new String(Character.toChars(literal.codePoint()))));
            } else {
                out.append('*');
            }
        }
        return out.toString();
    }

    private static boolean acceptsOne(Token token, int c) {
        if (token instanceof Literal literal) {
            return literal.codePoint() == c;
        }
        if (token instanceof CharClass cls) {
            return cls.accepts(c);
        }
        return token instanceof AnyOne;
    }

    private static int parseClass(String pattern, int[] cps, int open, List<Token> tokens) {
        int i = open + 1;
        boolean negated = i < cps.length && cps[i] == '^';
        if (negated) {
            i++;
        }
        List<int[]> ranges = new ArrayList<>();
        boolean closed = false;
        while (i < cps.length) {
            int c = cps[i];
            if (c == ']') {
                closed = true;
                break;
            }
            if (c == '\\') {
                if (i + 1 >= cps.length) {
                    break;
                }
                c = cps[++i];
            }
            if (i + 2 < cps.length && cps[i + 1] == '-' && cps[i + 2] != ']') {
                int end = cps[i + 2];
                if (end == '\\' && i + 3 < cps.length) {
                    end = cps[i + 3];
                    i++;
                }
                ranges.add(new int[] {Math.min(c, end), Math.max(c, end)});
                i += 3;
            } else {
                ranges.add(new int[] {c, c});
                i++;
            }
        }
        if (!closed) {
            throw malformed(pattern, "a [ opens a character class that is never closed (write \\[ to match a [)");
        }
        if (ranges.isEmpty()) {
            throw malformed(pattern, "[] is an empty character class (write \\[\\] to match the text [])");
        }
        tokens.add(new CharClass(negated, List.copyOf(ranges)));
        return i;
    }

    private static IllegalArgumentException malformed(String pattern, String why) {
        return new IllegalArgumentException("malformed key pattern '" + pattern + "': " + why);
    }
}
