package dev.elementkit.devportal.scripting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A script's text with its name, answering which line an offset is on; used to point errors at lines. */
final class ScriptText {

    private final String name;
    private final String text;
    private final int[] lineStarts;

    ScriptText(String name, String text) {
        this.name = name;
        this.text = text;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    String name() {
        return name;
    }

    String text() {
        return text;
    }

    /** The 1-based line holding {@code offset}; offsets past the end are on the last line. */
    int lineAt(int offset) {
        int index = Arrays.binarySearch(lineStarts, Math.max(0, Math.min(offset, text.length())));
        return index >= 0 ? index + 1 : -index - 1;
    }

    /** The 0-based column of {@code offset} on its line. */
    int columnAt(int offset) {
        int clamped = Math.max(0, Math.min(offset, text.length()));
        return clamped - lineStarts[lineAt(clamped) - 1];
    }

    /** The text of a 1-based line, without its line break. */
    String line(int line) {
        int start = lineStarts[line - 1];
        int end = line < lineStarts.length ? lineStarts[line] - 1 : text.length();
        String content = text.substring(start, end);
        return content.endsWith("\r") ? content.substring(0, content.length() - 1) : content;
    }

    /**
     * The offset of the first character from {@code from} on that is neither white space nor in a comment; the
     * text's length when there is none. An unclosed comment counts as code, so that the compiler reports it.
     */
    int codeStart(int from) {
        int i = from;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (text.startsWith("//", i)) {
                int end = text.indexOf('\n', i);
                i = end < 0 ? text.length() : end + 1;
            } else if (text.startsWith("/*", i) && text.indexOf("*/", i + 2) >= 0) {
                i = text.indexOf("*/", i + 2) + 2;
            } else {
                return i;
            }
        }
        return text.length();
    }
}
