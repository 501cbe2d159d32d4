package dev.elementkit.devportal.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An app's {@code .env} file: {@code KEY=VALUE} lines, the format docker compose and dotenv libraries read.
 * Blank lines and {@code #} comments are skipped, {@code export } before a key is allowed, values may be bare
 * (a {@code " #"} starts a comment), double-quoted (with {@code \n}, {@code \"}, {@code \\} escapes) or
 * single-quoted (literal). The file holds secrets, so it is written owner-only ({@code rw-------}) and replaced
 * atomically; no message here ever repeats a value.
 */
final class DotEnv {

    private static final Pattern LINE = Pattern.compile("\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(.*?)\\s*");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private DotEnv() {
    }

    /** The variables of {@code file}, in file order; empty when it does not exist. */
    static Map<String, String> read(Path file) {
        if (!Files.exists(file)) {
            return Map.of();
        }
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses {@code .env} lines.
     *
     * @throws IllegalArgumentException naming the file and line of a line that is not {@code KEY=VALUE}
     */
    static Map<String, String> parse(List<String> lines, Path source) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            Matcher matcher = LINE.matcher(line);
            if (!matcher.matches()) {
                throw new IllegalArgumentException(source + " line " + (i + 1)
                        + ": expected NAME=VALUE (letters, digits and underscores before '=')");
            }
            values.put(matcher.group(1), value(matcher.group(2), source, i + 1));
        }
        return values;
    }

    private static String value(String raw, Path source, int lineNumber) {
        if (raw.startsWith("\"")) {
            StringBuilder out = new StringBuilder();
            for (int i = 1; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == '\\' && i + 1 < raw.length()) {
                    char next = raw.charAt(++i);
                    switch (next) {
                        case 'n' -> out.append('\n');
                        case 'r' -> out.append('\r');
                        case 't' -> out.append('\t');
                        default -> out.append(next);
                    }
                } else if (c == '"') {
                    return out.toString();
                } else {
                    out.append(c);
                }
            }
            throw new IllegalArgumentException(source + " line " + lineNumber + ": the double quote is not closed");
        }
        if (raw.startsWith("'")) {
            int end = raw.indexOf('\'', 1);
            if (end < 0) {
                throw new IllegalArgumentException(source + " line " + lineNumber + ": the single quote is not closed");
            }
            return raw.substring(1, end);
        }
        int comment = raw.indexOf(" #");
        return (comment >= 0 ? raw.substring(0, comment) : raw).strip();
    }

    /** The text of a {@code .env} holding {@code values}, quoted where needed so that {@link #parse} reads them back. */
    static String format(Map<String, String> values) {
        StringBuilder out = new StringBuilder("# Secrets of this app: never commit this file.\n");
        values.forEach((name, value) -> out.append(name).append('=').append(quote(value)).append('\n'));
        return out.toString();
    }

    private static String quote(String value) {
        if (value.matches("[A-Za-z0-9_./:@+-]*")) {
            return value;
        }
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** Replaces {@code file} with {@code values}, owner-only, atomically (a reader never sees half a file). */
    static void write(Path file, Map<String, String> values) {
        writeOwnerOnly(file, format(values));
    }

    /** Writes {@code text} to {@code file} with owner-only permissions where the file system has them. */
    static void writeOwnerOnly(Path file, String text) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            Path temp = posix
                    ? Files.createTempFile(dir, ".env", ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                    : Files.createTempFile(dir, ".env", ".tmp");
            try {
                Files.writeString(temp, text, StandardCharsets.UTF_8);
                try {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
            if (posix) {
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
