package dev.elementkit.devportal.runtime;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON as the host reads the files people write: a UTF-8 byte order mark (Windows editors add one) is accepted, a
 * key given twice is an error rather than "the last one wins" without a word, and an error names the file, line,
 * column and, for a duplicate, the key, but never quotes the text (which may hold a value).
 */
final class StrictJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION.mappedFeature());

    private StrictJson() {
    }

    /**
     * Parses {@code text}; {@code source} names the file in the message.
     *
     * @throws IllegalArgumentException naming the file and what is wrong where
     */
    static JsonNode read(String text, String source) {
        String json = withoutBom(text);
        if (json.isBlank()) {
            throw new IllegalArgumentException(source + " is empty: expected a JSON object");
        }
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            var location = e.getLocation();
            String where = location == null ? "" : " at line " + location.getLineNr() + ", column "
                    + location.getColumnNr();
            String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            if (e instanceof JsonParseException && original.startsWith("Duplicate field '")) {
                String key = original.substring("Duplicate field '".length(), original.lastIndexOf('\''));
                throw new IllegalArgumentException(source + " has the key '" + key + "' twice" + where
                        + ": keep one (which one counts would otherwise be a guess)");
            }
            throw new IllegalArgumentException(source + " is not valid JSON" + where
                    + ": check the quotes, commas and braces around it");
        }
    }

    /** {@link #read} for element files: the problem makes the element BROKEN. */
    static JsonNode readElementFile(String text, String source) throws ElementProblem {
        try {
            return read(text, source);
        } catch (IllegalArgumentException e) {
            throw ElementProblem.broken(e.getMessage(), null);
        }
    }

    static String withoutBom(String text) {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
