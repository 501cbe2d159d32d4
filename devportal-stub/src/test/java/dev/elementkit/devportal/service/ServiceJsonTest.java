package dev.elementkit.devportal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ServiceJsonTest {

    private static JsonNode json(String text) throws Exception {
        return ServiceFixture.JSON.readTree(text);
    }

    @Test
    void stringsAreStoredAsTheirTextAndEverythingElseAsJson() throws Exception {
        assertEquals("John", ServiceJson.stored(json("\"John\"")));
        assertEquals("{\"a\":[1,2]}", ServiceJson.stored(json("{\"a\": [1, 2]}")));
        assertEquals("42", ServiceJson.stored(json("42")));
        assertEquals("true", ServiceJson.stored(json("true")));
    }

    @Test
    void storedJsonComesBackAsJsonAndTextAsAString() throws Exception {
        assertEquals(json("{\"a\":1}"), ServiceJson.value("{\"a\":1}"));
        assertEquals(json("[1]"), ServiceJson.value("[1]"));
        assertEquals(json("-1.5"), ServiceJson.value("-1.5"));
        assertEquals(json("false"), ServiceJson.value("false"));
        assertTrue(ServiceJson.value("John").isTextual());
    }

    @Test
    void textThatOnlyStartsLikeJsonStaysText() {
        assertEquals("42 apples", ServiceJson.value("42 apples").textValue());
        assertEquals("{broken", ServiceJson.value("{broken").textValue());
        assertEquals("true story", ServiceJson.value("true story").textValue());
        assertEquals("null", ServiceJson.value("null").textValue(), "null is no value: the text 'null'");
        assertEquals("\"quoted\"", ServiceJson.value("\"quoted\"").textValue(), "a JSON string stays its text");
        assertEquals("", ServiceJson.value("").textValue());
    }

    @Test
    void theResponseBytesAreTheValueWithoutATreeInBetween() throws Exception {
        for (String stored : new String[] {"{\"a\": [1, 2]}", "[]", "-1.5", "true", "John", "42 apples", "{broken",
                "\"quoted\"", "null", "", "[1] [2]", "{\"a\":1}}"}) {
            assertEquals(ServiceJson.value(stored), json(new String(ServiceJson.valueBytes(stored),
                    StandardCharsets.UTF_8)), stored);
        }
    }
}
