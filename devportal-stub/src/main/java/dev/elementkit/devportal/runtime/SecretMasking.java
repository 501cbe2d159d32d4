package dev.elementkit.devportal.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.elementkit.platform.config.ConfigSchemas;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * Keeps secret values out of responses, in one place for every face of the host (the portal, the CLI's JSON). A field the Type's schema marks {@code "secret": true} is shown as its
 * {@code {{VAR}}} placeholder when it is one (the name is no secret), otherwise as
 * {@code {"secret": true, "isSet": true|false}}. The same marker sent back by a client means "keep what is saved".
 */
public final class SecretMasking {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SecretMasking() {
    }

    /** The configuration as it may be shown: every secret field masked, nested ones included. */
    public static ObjectNode mask(Map<String, Object> config, TypeInfo type) {
        ObjectNode tree = MAPPER.valueToTree(config);
        ObjectNode schema = type.schema();
        return (ObjectNode) mask(tree, schema, schema, type.secretFields(), true);
    }

    /** The names of the variables that the (already masked) configuration refers to, in order of appearance. */
    public static Set<String> placeholders(JsonNode masked) {
        return Placeholders.names(masked);
    }

    /** A copy of a submitted configuration without the "keep what is saved" markers. */
    public static ObjectNode withoutMarkers(ObjectNode submitted) {
        ObjectNode copy = submitted.deepCopy();
        removeMarkers(copy);
        return copy;
    }

    /** True when the node is the mask this class puts in place of a secret. */
    public static boolean isMarker(JsonNode node) {
        if (node == null || !node.isObject() || !node.path(ConfigSchemas.SECRET_KEYWORD).asBoolean(false)) {
            return false;
        }
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!name.equals(ConfigSchemas.SECRET_KEYWORD) && !name.equals("isSet")) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode mask(JsonNode value, JsonNode schema, ObjectNode root, Set<String> topSecrets, boolean top) {
        JsonNode resolved = resolve(schema, root);
        if (value.isObject()) {
            ObjectNode out = MAPPER.createObjectNode();
            JsonNode properties = resolved.path("properties");
            value.fields().forEachRemaining(entry -> {
                JsonNode propertySchema = resolve(properties.path(entry.getKey()), root);
                boolean secret = isSecret(propertySchema) || (top && topSecrets.contains(entry.getKey()));
                out.set(entry.getKey(), secret ? maskSecret(entry.getValue())
                        : mask(entry.getValue(), propertySchema, root, topSecrets, false));
            });
            return out;
        }
        if (value.isArray()) {
            ArrayNode out = MAPPER.createArrayNode();
            JsonNode items = resolved.path("items");
            for (JsonNode item : value) {
                out.add(isSecret(resolve(items, root)) ? maskSecret(item) : mask(item, items, root, topSecrets, false));
            }
            return out;
        }
        return value;
    }

    private static JsonNode maskSecret(JsonNode value) {
        if (Placeholders.wholeName(value).isPresent()) {
            return value;
        }
        boolean isSet = !(value.isNull() || (value.isTextual() && value.asText().isEmpty()));
        return MAPPER.createObjectNode().put(ConfigSchemas.SECRET_KEYWORD, true).put("isSet", isSet);
    }

    private static boolean isSecret(JsonNode propertySchema) {
        return propertySchema.path(ConfigSchemas.SECRET_KEYWORD).asBoolean(false);
    }

    /** Follows a local {@code $ref} ({@code #/$defs/Tls}); anything else is returned as it is. */
    private static JsonNode resolve(JsonNode schema, ObjectNode root) {
        JsonNode current = schema;
        for (int depth = 0; depth < 8 && current.has("$ref"); depth++) {
            String ref = current.path("$ref").asText();
            if (!ref.startsWith("#")) {
                return MissingNode.getInstance();
            }
            current = ref.equals("#") ? root : root.at(ref.substring(1));
        }
        return current;
    }

    private static void removeMarkers(JsonNode node) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                JsonNode child = fields.next().getValue();
                if (isMarker(child)) {
                    fields.remove();
                } else {
                    removeMarkers(child);
                }
            }
        } else if (node.isArray()) {
            node.forEach(SecretMasking::removeMarkers);
        }
    }
}
