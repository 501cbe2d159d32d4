package dev.elementkit.devportal.runtime;

import dev.elementkit.platform.connection.ConnectionTestResult;
import dev.elementkit.platform.connection.TestStep;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Puts {@code {{NAME}}} back wherever a resolved variable's value shows up in what a plugin says (a test result, an
 * exception message). Plugins see values, and their messages quote what they were given ("the host name 'x' does
 * not resolve"); the host promises that no response, log line or message carries a value, so it keeps the promise
 * here rather than trusting every plugin to.
 */
final class Redaction {

    /** Values shorter than this are left alone: replacing "1" everywhere would garble every number in a message. */
    private static final int SHORTEST = 3;

    private final Map<String, String> placeholderByValue;

    private Redaction(Map<String, String> placeholderByValue) {
        this.placeholderByValue = placeholderByValue;
    }

    /**
     * @param names   the variables a configuration refers to
     * @param lookup  their values
     * @param literal values typed in directly that are secrets too (shown as {@code {{name}}} by key)
     */
    static Redaction of(Collection<String> names, Function<String, Optional<String>> lookup,
                        Map<String, String> literal) {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (String name : names) {
            lookup.apply(name).ifPresent(value -> pairs.add(Map.entry(value, Placeholders.placeholder(name))));
        }
        literal.forEach((name, value) -> pairs.add(Map.entry(value, Placeholders.placeholder(name))));
        // Longest first, so that a value containing another is replaced whole.
        pairs.sort(Comparator.comparingInt((Map.Entry<String, String> e) -> e.getKey().length()).reversed());
        Map<String, String> byValue = new LinkedHashMap<>();
        pairs.stream().filter(e -> e.getKey().length() >= SHORTEST).forEach(e -> byValue.putIfAbsent(e.getKey(), e.getValue()));
        return new Redaction(byValue);
    }

    String apply(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (Map.Entry<String, String> entry : placeholderByValue.entrySet()) {
            out = out.replace(entry.getKey(), entry.getValue());
        }
        return out;
    }

    ConnectionTestResult apply(ConnectionTestResult result) {
        if (placeholderByValue.isEmpty()) {
            return result;
        }
        List<TestStep> steps = result.steps().stream().map(step -> new TestStep(step.name(), step.outcome(),
                apply(step.explanation()), step.latencyMs())).toList();
        Map<String, Object> details = new LinkedHashMap<>();
        result.details().forEach((key, value) -> details.put(key, value instanceof String text ? apply(text) : value));
        return new ConnectionTestResult(result.success(), result.code(), apply(result.message()), result.latencyMs(),
                steps, details);
    }
}
