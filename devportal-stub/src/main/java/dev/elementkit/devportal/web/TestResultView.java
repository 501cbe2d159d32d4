package dev.elementkit.devportal.web;

import dev.elementkit.platform.connection.ConnectionTestResult;
import dev.elementkit.platform.connection.TestStep;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A connection test result as the API returns it. */
record TestResultView(boolean success, String code, String message, long latencyMs, List<Step> steps,
                      Map<String, Object> details) {

    record Step(String name, String outcome, String explanation, long latencyMs) {
        static Step of(TestStep step) {
            return new Step(step.name(), step.outcome().name(), step.explanation(), step.latencyMs());
        }
    }

    static TestResultView of(ConnectionTestResult result) {
        Map<String, Object> details = new LinkedHashMap<>();
        result.details().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> details.put(e.getKey(), plain(e.getValue())));
        return new TestResultView(result.success(), result.code().name(), result.message(), result.latencyMs(),
                result.steps().stream().map(Step::of).toList(), details);
    }

    /** Keeps JSON's own kinds; anything else a plugin put in (a Path, an enum) becomes its text. */
    private static Object plain(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof Collection<?> items) {
            return items.stream().map(TestResultView::plain).toList();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), plain(v)));
            return out;
        }
        return String.valueOf(value);
    }
}
