package dev.elementkit.devportal.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code {{NAME}}} placeholders: the one definition the host (and, by the same pattern, the page) uses. A name is
 * what a {@code .env} file can define: a letter or underscore, then letters, digits and underscores.
 *
 * <p>Placeholders are substituted on the parsed JSON tree, never in the text: a placeholder can only ever be (part
 * of) a value, so a variable holding {@code 100, "directory": "/tmp/x.db"} is one odd string, not two fields. A
 * placeholder written bare ({@code "port": {{PORT}}}) is read as the string {@code "{{PORT}}"}; the binder turns a
 * string holding a number into the number a number field needs.
 */
public final class Placeholders {

    /** A variable name, as {@code .env} files define them. */
    public static final String NAME = "[A-Za-z_][A-Za-z0-9_]*";
    static final Pattern NAME_PATTERN = Pattern.compile(NAME);
    static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(" + NAME + ")\\}\\}");

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

    /** The variable name when {@code value} is exactly one placeholder ({@code "{{REDIS_PASSWORD}}"}). */
    public static Optional<String> wholeName(Object value) {
        String text = value instanceof JsonNode node && node.isTextual() ? node.asText()
                : value instanceof String s ? s : null;
        if (text != null) {
            Matcher matcher = PLACEHOLDER.matcher(text);
            if (matcher.matches()) {
                return Optional.of(matcher.group(1));
            }
        }
        return Optional.empty();
    }

    /** The names of the variables a text or JSON tree refers to, in order of appearance. */
    public static Set<String> names(Object textOrTree) {
        Set<String> names = new LinkedHashSet<>();
        collect(textOrTree instanceof String text ? TextNode.valueOf(text) : (JsonNode) textOrTree, names);
        return names;
    }

    private static void collect(JsonNode node, Set<String> names) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            Matcher matcher = PLACEHOLDER.matcher(node.asText());
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        } else if (node.isContainerNode()) {
            node.forEach(child -> collect(child, names));
        }
    }

    static String placeholder(String name) {
        return "{{" + name + "}}";
    }

    /**
     * The text of a JSON document with every placeholder outside a string literal turned into a string
     * ({@code {{PORT}}} becomes {@code "{{PORT}}"}), so that the file parses with its placeholders unresolved.
     */
    static String quoteBare(String json) {
        Matcher matcher = PLACEHOLDER.matcher(json);
        StringBuilder out = new StringBuilder(json.length() + 16);
        int copied = 0;
        boolean inString = false;
        int scanned = 0;
        while (matcher.find()) {
            // Whether the placeholder sits inside a string literal: scan the text before it.
            for (int i = scanned; i < matcher.start(); i++) {
                char c = json.charAt(i);
                if (c == '\\' && inString) {
                    i++;
                } else if (c == '"') {
                    inString = !inString;
                }
            }
            scanned = matcher.end();
            out.append(json, copied, matcher.start());
            out.append(inString ? matcher.group() : "\"" + matcher.group() + "\"");
            copied = matcher.end();
        }
        return out.append(json, copied, json.length()).toString();
    }

    /**
     * A copy of {@code tree} with every placeholder in a string value replaced by its variable's value.
     *
     * @throws MissingVariableException naming every variable {@code lookup} does not know
     */
    static JsonNode substitute(JsonNode tree, Function<String, Optional<String>> lookup)
            throws MissingVariableException {
        Map<String, List<String>> missing = new LinkedHashMap<>();
        JsonNode out = substitute(tree, lookup, missing);
        if (!missing.isEmpty()) {
            throw new MissingVariableException(missing.values().stream().flatMap(List::stream).distinct().toList());
        }
        return out;
    }

    /**
     * A copy of {@code tree} with placeholders replaced; what {@code lookup} does not know is put, by top-level
     * field, into {@code missing} and left as it was.
     */
    static JsonNode substitute(JsonNode tree, Function<String, Optional<String>> lookup,
                               Map<String, List<String>> missing) {
        if (tree instanceof ObjectNode object) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                List<String> unknown = new ArrayList<>();
                out.set(field.getKey(), replace(field.getValue(), lookup, unknown));
                if (!unknown.isEmpty()) {
                    missing.put(field.getKey(), unknown);
                }
            }
            return out;
        }
        List<String> unknown = new ArrayList<>();
        JsonNode out = replace(tree, lookup, unknown);
        if (!unknown.isEmpty()) {
            missing.put("", unknown);
        }
        return out;
    }

    private static JsonNode replace(JsonNode node, Function<String, Optional<String>> lookup, List<String> unknown) {
        if (node.isTextual()) {
            Matcher matcher = PLACEHOLDER.matcher(node.asText());
            StringBuilder out = new StringBuilder();
            boolean any = false;
            while (matcher.find()) {
                any = true;
                Optional<String> value = lookup.apply(matcher.group(1));
                if (value.isEmpty() && !unknown.contains(matcher.group(1))) {
                    unknown.add(matcher.group(1));
                }
                matcher.appendReplacement(out, Matcher.quoteReplacement(value.orElse(matcher.group())));
            }
            matcher.appendTail(out);
            return any ? TextNode.valueOf(out.toString()) : node;
        }
        if (node instanceof ObjectNode object) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            object.fields().forEachRemaining(e -> out.set(e.getKey(), replace(e.getValue(), lookup, unknown)));
            return out;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            array.forEach(item -> out.add(replace(item, lookup, unknown)));
            return out;
        }
        return node;
    }

    /** A plain text (e.g. a Redis URL in app.json) with its placeholders replaced. */
    static String substituteText(String text, Function<String, Optional<String>> lookup)
            throws MissingVariableException {
        return substitute(TextNode.valueOf(text), lookup).asText();
    }
}
