package dev.elementkit.devportal.service;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * JSON of the cache service, and how a cached value crosses between JSON and the text a {@link
 * dev.elementkit.cache.Cache} stores.
 *
 * <p>Written: a JSON string is stored as its text ({@code "John"} → {@code John}, so that {@code redis-cli GET}
 * shows it plainly); any other JSON value (object, array, number, boolean) as its JSON text. Read: text that is a
 * JSON object, array, number or boolean comes back as that JSON value, anything else as a JSON string. So objects,
 * numbers and text round-trip; a string that looks like a number ({@code "42"}) comes back as the number, the same
 * reading {@code Cache.get(key, type)} gives scripts.
 */
final class ServiceJson {

    /** Parse errors never quote the source: a body may hold anything. */
    static final ObjectMapper MAPPER = new ObjectMapper()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION.mappedFeature())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            // "42 apples" is text, not the number 42 followed by noise.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private ServiceJson() {
    }

    /** The text to store for a JSON value ({@code null} is not a value: the caller reports it). */
    static String stored(JsonNode value) {
        if (value.isTextual()) {
            return value.textValue();
        }
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed JSON tree always writes", e);
        }
    }

    /** The JSON value of stored text. */
    static JsonNode value(String stored) {
        if (!stored.isEmpty() && looksLikeJson(stored.charAt(0))) {
            try {
                JsonNode node = MAPPER.readTree(stored);
                if (node != null && (node.isContainerNode() || node.isNumber() || node.isBoolean())) {
                    return node;
                }
            } catch (JsonProcessingException e) {
                // plain text that happens to start like JSON
            }
        }
        return TextNode.valueOf(stored);
    }

    /**
     * {@link #value} as response bytes, without building a tree: stored JSON that is one whole value goes out as
     * it is (checked by streaming over it), anything else as a JSON string. The read path of every GET.
     */
    static byte[] valueBytes(String stored) {
        if (!stored.isEmpty() && looksLikeJson(stored.charAt(0)) && isOneJsonValue(stored)) {
            return stored.getBytes(StandardCharsets.UTF_8);
        }
        return bytes(stored);
    }

    private static boolean isOneJsonValue(String text) {
        try (JsonParser parser = MAPPER.getFactory().createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null || first == JsonToken.VALUE_STRING || first == JsonToken.VALUE_NULL) {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean looksLikeJson(char first) {
        return first == '{' || first == '[' || first == '-' || first == 't' || first == 'f'
                || (first >= '0' && first <= '9');
    }

    static byte[] bytes(Object body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a response body of " + body.getClass().getSimpleName(), e);
        }
    }
}
