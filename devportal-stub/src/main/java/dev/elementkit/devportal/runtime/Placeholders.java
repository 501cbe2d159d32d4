package dev.elementkit.devportal.runtime;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code {{VAR}}} placeholders, as the reference platform writes them ({@code \{\{(\w+)\}\}}).
 *
 * <p>Configuration files are substituted as text before the JSON is parsed, so that {@code "port": "{{PORT}}"} and
 * {@code "port": {{PORT}}} both become a number. One refinement over plain text replacement: inside a JSON string
 * literal the value is escaped for JSON, so that a password holding {@code "} or {@code \} still gives valid JSON
 * and never shows up in a parse error.
 */
final class Placeholders {

    static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)\\}\\}");
    private static final Pattern ONLY_PLACEHOLDER = Pattern.compile("\\s*\\{\\{(\\w+)\\}\\}\\s*");

    /** A variable that a placeholder names but nothing defines. Its message names the variable, never a value. */
    static final class MissingVariableException extends Exception {
        private final List<String> names;

        MissingVariableException(List<String> names) {
            super("variable" + (names.size() == 1 ? " " : "s ") + String.join(", ", names)
                    + (names.size() == 1 ? " is" : " are") + " not set", null, false, false);
            this.names = List.copyOf(names);
        }

        List<String> names() {
            return names;
        }
    }

    private Placeholders() {
    }

    /**
     * Replaces every placeholder of a JSON document's text.
     *
     * @throws MissingVariableException naming every variable {@code lookup} does not know
     */
    static String substituteJson(String json, Function<String, Optional<String>> lookup) throws MissingVariableException {
        return replaceInJson(json, (name, inString) -> lookup.apply(name).map(v -> inString ? escapeJson(v) : v));
    }

    /**
     * The document with every placeholder outside a string literal turned into a string ({@code {{PORT}}} becomes
     * {@code "{{PORT}}"}), so that a configuration can be parsed and shown with its placeholders unresolved.
     */
    static String quoteBare(String json) {
        try {
            return replaceInJson(json, (name, inString) -> Optional.of(inString ? placeholder(name)
                    : "\"" + placeholder(name) + "\""));
        } catch (MissingVariableException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a placeholder becomes, knowing whether it sits in a string literal; empty when it has no value. */
    @FunctionalInterface
    private interface Replacement {
        Optional<String> apply(String name, boolean inString);
    }

    private static String replaceInJson(String json, Replacement replacement) throws MissingVariableException {
        Matcher matcher = PLACEHOLDER.matcher(json);
        if (!matcher.find()) {
            return json;
        }
        Set<String> missing = new LinkedHashSet<>();
        StringBuilder out = new StringBuilder(json.length() + 32);
        int copied = 0;
        boolean inString = false;
        int scanned = 0;
        do {
            // Track whether the placeholder sits inside a string literal by scanning the text before it.
            for (int i = scanned; i < matcher.start(); i++) {
                char c = json.charAt(i);
                if (c == '\\' && inString) {
                    i++;
                } else if (c == '"') {
                    inString = !inString;
                }
            }
            scanned = matcher.end();
            String name = matcher.group(1);
            Optional<String> value = replacement.apply(name, inString);
            out.append(json, copied, matcher.start());
            if (value.isEmpty()) {
                missing.add(name);
            } else {
                out.append(value.get());
            }
            copied = matcher.end();
        } while (matcher.find());
        if (!missing.isEmpty()) {
            throw new MissingVariableException(new ArrayList<>(missing));
        }
        out.append(json, copied, json.length());
        return out.toString();
    }

    /**
     * Replaces placeholders inside the string values of an already parsed configuration (e.g. one the portal
     * posted), recursively. Values that are not strings are kept.
     *
     * @param missing receives, per top-level field, the variables it names that {@code lookup} does not know
     */
    static Map<String, Object> substituteValues(Map<String, ?> config, Function<String, Optional<String>> lookup,
                                                Map<String, List<String>> missing) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        config.forEach((field, value) -> {
            List<String> unknown = new ArrayList<>();
            out.put(field, substituteValue(value, lookup, unknown));
            if (!unknown.isEmpty()) {
                missing.put(field, unknown);
            }
        });
        return out;
    }

    private static Object substituteValue(Object value, Function<String, Optional<String>> lookup, List<String> unknown) {
        if (value instanceof String text) {
            Matcher matcher = PLACEHOLDER.matcher(text);
            StringBuilder out = new StringBuilder();
            while (matcher.find()) {
                Optional<String> resolved = lookup.apply(matcher.group(1));
                if (resolved.isEmpty()) {
                    unknown.add(matcher.group(1));
                }
                matcher.appendReplacement(out, Matcher.quoteReplacement(resolved.orElse("")));
            }
            matcher.appendTail(out);
            return out.toString();
        }
        if (value instanceof Map<?, ?> map) {
            Map<Object, Object> out = new java.util.LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, substituteValue(v, lookup, unknown)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(substituteValue(v, lookup, unknown)));
            return out;
        }
        return value;
    }

    /** The variable name when {@code value} is nothing but one placeholder ({@code "{{REDIS_PASSWORD}}"}). */
    static Optional<String> onlyPlaceholder(Object value) {
        if (value instanceof String text) {
            Matcher matcher = ONLY_PLACEHOLDER.matcher(text);
            if (matcher.matches()) {
                return Optional.of(matcher.group(1));
            }
        }
        return Optional.empty();
    }

    /** True when {@code text} holds at least one placeholder. */
    static boolean containsPlaceholder(Object value) {
        return value instanceof String text && PLACEHOLDER.matcher(text).find();
    }

    static String placeholder(String name) {
        return "{{" + name + "}}";
    }

    private static String escapeJson(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
