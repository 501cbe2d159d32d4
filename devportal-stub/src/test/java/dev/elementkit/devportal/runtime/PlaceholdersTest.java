package dev.elementkit.devportal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {

    private static final Function<String, Optional<String>> VARIABLES = name -> Optional.ofNullable(Map.of(
            "HOST", "127.0.0.1", "PORT", "6379", "PASSWORD", "p\"a\\ss\nword", "EMPTY", "").get(name));

    @Test
    void substitutesAsTextSoQuotedAndBareNumbersBothWork() throws Exception {
        String json = "{\"host\": \"{{HOST}}\", \"port\": \"{{PORT}}\", \"db\": {{PORT}}, \"url\": \"redis://{{HOST}}:{{PORT}}\"}";
        JsonNode tree = new ObjectMapper().readTree(Placeholders.substituteJson(json, VARIABLES));
        assertEquals("127.0.0.1", tree.path("host").asText());
        assertEquals("6379", tree.path("port").asText());
        assertEquals(6379, tree.path("db").asInt());
        assertEquals("redis://127.0.0.1:6379", tree.path("url").asText());
    }

    @Test
    void valuesInsideStringsAreEscapedSoAnyPasswordGivesValidJson() throws Exception {
        String json = "{\"note\": \"a \\\"quoted {{HOST}}\\\" word\", \"password\": \"{{PASSWORD}}\", \"empty\": \"{{EMPTY}}\"}";
        JsonNode tree = new ObjectMapper().readTree(Placeholders.substituteJson(json, VARIABLES));
        assertEquals("p\"a\\ss\nword", tree.path("password").asText());
        assertEquals("a \"quoted 127.0.0.1\" word", tree.path("note").asText());
        assertEquals("", tree.path("empty").asText());
    }

    @Test
    void everyMissingVariableIsNamedOnce() {
        Placeholders.MissingVariableException e = assertThrows(Placeholders.MissingVariableException.class,
                () -> Placeholders.substituteJson("{\"a\": \"{{NOPE}}\", \"b\": {{ALSO_NOPE}}, \"c\": \"{{NOPE}}\"}", VARIABLES));
        assertEquals(List.of("NOPE", "ALSO_NOPE"), e.names());
        assertEquals("variables NOPE, ALSO_NOPE are not set", e.getMessage());
    }

    @Test
    void onlyWordCharactersMakeAPlaceholder() throws Exception {
        String json = "{\"a\": \"{{ HOST }}\", \"b\": \"{{HO-ST}}\", \"c\": \"{HOST}\"}";
        assertEquals(json, Placeholders.substituteJson(json, VARIABLES));
    }

    @Test
    void draftValuesReportUnknownVariablesPerField() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("host", "{{HOST}}");
        config.put("password", "{{NOT_SET}}");
        config.put("port", 6379);
        config.put("nested", Map.of("x", List.of("{{MISSING_TOO}}")));
        Map<String, List<String>> missing = new LinkedHashMap<>();
        Map<String, Object> resolved = Placeholders.substituteValues(config, VARIABLES, missing);
        assertEquals("127.0.0.1", resolved.get("host"));
        assertEquals(6379, resolved.get("port"));
        assertEquals(Map.of("password", List.of("NOT_SET"), "nested", List.of("MISSING_TOO")), missing);
        assertEquals(Optional.of("NOT_SET"), Placeholders.onlyPlaceholder(" {{NOT_SET}} "));
        assertEquals(Optional.empty(), Placeholders.onlyPlaceholder("x{{NOT_SET}}"));
    }

    @Test
    void bareKeepsPlaceholdersReadable() throws Exception {
        JsonNode tree = new ObjectMapper().readTree(Placeholders.quoteBare("{\"port\": {{PORT}}, \"host\": \"{{HOST}}\"}"));
        assertEquals("{{PORT}}", tree.path("port").asText());
        assertEquals("{{HOST}}", tree.path("host").asText());
    }
}
