package dev.elementkit.devportal.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.elementkit.devportal.runtime.VariableDraft;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads request bodies as JSON trees, so that each field is checked and reported by name instead of failing in a
 * data binder with a message that may quote the body (and with it a password).
 */
final class JsonBodies {

    /** The mapper for request and response bodies. Parse errors never quote the source. */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION.mappedFeature())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private JsonBodies() {
    }

    /**
     * The body as a JSON object.
     *
     * @throws ApiException 400 when the content type is not JSON, the body is empty, not JSON, or not an object
     */
    static ObjectNode object(Context ctx) {
        String contentType = ctx.contentType();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw ApiException.badRequest("", "send the request body as JSON with the header Content-Type: application/json");
        }
        String body = ctx.body();
        if (body.isBlank()) {
            throw ApiException.badRequest("", "the request body is empty: send a JSON object");
        }
        JsonNode tree;
        try {
            tree = MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            throw ApiException.badRequest("", "the request body is not valid JSON" + where);
        }
        if (tree == null || !tree.isObject()) {
            throw ApiException.badRequest("", "the request body must be a JSON object");
        }
        return (ObjectNode) tree;
    }

    /** A text field, or null when absent or null; a non-text value is a problem for that field. */
    static String text(ObjectNode body, String field, List<FieldProblem> problems) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            problems.add(new FieldProblem(field, "must be a string"));
            return null;
        }
        return node.asText();
    }

    /**
     * A problem for each top-level field of {@code body} that is not in {@code allowed}: a configuration field sent
     * beside {@code config} instead of inside it ({@code {"host": …}}) was otherwise ignored without a word, and a
     * draft test then tested the Type's defaults.
     */
    static void onlyFields(ObjectNode body, List<FieldProblem> problems, java.util.Set<String> allowed) {
        body.fieldNames().forEachRemaining(field -> {
            if (!allowed.contains(field)) {
                problems.add(new FieldProblem(field, "is not a field of this request (" + String.join(", ",
                        new java.util.TreeSet<>(allowed)) + "): configuration fields go inside \"config\": {…}"));
            }
        });
    }

    /** The {@code config} object (empty when absent); anything else is a problem for field {@code config}. */
    static ObjectNode config(ObjectNode body, List<FieldProblem> problems) {
        JsonNode node = body.get("config");
        if (node == null || node.isNull()) {
            return MAPPER.createObjectNode();
        }
        if (!node.isObject()) {
            problems.add(new FieldProblem("config", "must be a JSON object of configuration fields"));
            return MAPPER.createObjectNode();
        }
        return (ObjectNode) node;
    }

    /**
     * The variables a POST or PUT of an element writes with it: {@code "variables": [{"name", "value",
     * "defaultValue", "remark"}]}, {@code value} left out to keep the current one. Other keys of an entry (those of
     * GET's answer: {@code isSet}, {@code fromEnvironment}) are ignored, so that GET's answer can be sent back.
     */
    static List<VariableDraft> variables(ObjectNode body, List<FieldProblem> problems) {
        JsonNode node = body.get("variables");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problems.add(new FieldProblem("variables", "must be a list of {\"name\", \"value\", \"defaultValue\","
                    + " \"remark\"}"));
            return List.of();
        }
        List<VariableDraft> drafts = new java.util.ArrayList<>();
        for (JsonNode entry : node) {
            if (!entry.isObject()) {
                problems.add(new FieldProblem("variables", "each entry is an object with at least a \"name\""));
                continue;
            }
            ObjectNode variable = (ObjectNode) entry;
            drafts.add(new VariableDraft(text(variable, "name", problems), text(variable, "value", problems),
                    text(variable, "defaultValue", problems), text(variable, "remark", problems)));
        }
        return drafts;
    }

    /** A JSON object as the plain map the host takes. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> toMap(ObjectNode node) {
        return MAPPER.convertValue(node, Map.class);
    }
}
