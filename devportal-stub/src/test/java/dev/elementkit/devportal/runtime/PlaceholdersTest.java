package dev.elementkit.devportal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Function<String, Optional<String>> VARIABLES = name -> Optional.ofNullable(Map.of(
            "HOST", "127.0.0.1", "PORT", "6379", "PASSWORD", "p\"a\\ss\nword", "EMPTY", "",
            "INJECTION", "100, \"directory\": \"/tmp/x.db\"").get(name));

    private static JsonNode substituted(String json) throws Exception {
        return Placeholders.substitute(JSON.readTree(Placeholders.quoteBare(json)), VARIABLES);
    }

    @Test
    void quotedAndBarePlaceholdersBothBecomeTheValue() throws Exception {
        JsonNode tree = substituted("{\"host\": \"{{HOST}}\", \"port\": \"{{PORT}}\", \"db\": {{PORT}},"
                + " \"url\": \"redis://{{HOST}}:{{PORT}}\"}");
        assertEquals("127.0.0.1", tree.path("host").asText());
        assertEquals("6379", tree.path("port").asText());
        assertEquals("6379", tree.path("db").asText(), "the binder turns it into the number a number field needs");
        assertEquals("redis://127.0.0.1:6379", tree.path("url").asText());
    }

    @Test
    void aValueIsAlwaysOneValueSoNoVariableCanAddFields() throws Exception {
        JsonNode tree = substituted("{\"size\": {{INJECTION}}, \"password\": \"{{PASSWORD}}\", \"empty\": \"{{EMPTY}}\"}");
        assertEquals(Set.of("size", "password", "empty"), Set.copyOf(iterable(tree.fieldNames())));
        assertEquals("100, \"directory\": \"/tmp/x.db\"", tree.path("size").asText());
        assertEquals("p\"a\\ss\nword", tree.path("password").asText());
        assertEquals("", tree.path("empty").asText());
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
        List<String> all = new java.util.ArrayList<>();
        names.forEachRemaining(all::add);
        return all;
    }

    @Test
    void everyMissingVariableIsNamedOnce() {
        Placeholders.MissingVariableException e = assertThrows(Placeholders.MissingVariableException.class,
                () -> substituted("{\"a\": \"{{NOPE}}\", \"b\": {{ALSO_NOPE}}, \"c\": \"{{NOPE}}\"}"));
        assertEquals(List.of("NOPE", "ALSO_NOPE"), e.names());
        assertEquals("variables NOPE, ALSO_NOPE are not set", e.getMessage());
    }

    @Test
    void onlyNamesAsDotEnvDefinesThemMakeAPlaceholder() throws Exception {
        String json = "{\"a\": \"{{ HOST }}\", \"b\": \"{{HO-ST}}\", \"c\": \"{HOST}\", \"d\": \"{{1HOST}}\"}";
        assertEquals(JSON.readTree(json), substituted(json));
        assertEquals(Optional.of("HOST"), Placeholders.wholeName("{{HOST}}"));
        assertEquals(Optional.empty(), Placeholders.wholeName(" {{HOST}} "), "a whole value is exactly one placeholder");
        assertEquals(Optional.empty(), Placeholders.wholeName("x{{HOST}}"));
    }

    @Test
    void draftValuesReportUnknownVariablesPerField() throws Exception {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("host", "{{HOST}}");
        config.put("password", "{{NOT_SET}}");
        config.put("port", 6379);
        config.put("nested", Map.of("x", List.of("{{MISSING_TOO}}")));
        Map<String, List<String>> missing = new LinkedHashMap<>();
        JsonNode resolved = Placeholders.substitute(JSON.valueToTree(config), VARIABLES, missing);
        assertEquals("127.0.0.1", resolved.path("host").asText());
        assertEquals(6379, resolved.path("port").asInt());
        assertEquals(Map.of("password", List.of("NOT_SET"), "nested", List.of("MISSING_TOO")), missing);
    }

    @Test
    void bareKeepsPlaceholdersReadable() throws Exception {
        JsonNode tree = JSON.readTree(Placeholders.quoteBare("{\"port\": {{PORT}}, \"host\": \"{{HOST}}\"}"));
        assertEquals("{{PORT}}", tree.path("port").asText());
        assertEquals("{{HOST}}", tree.path("host").asText());
        assertEquals(Set.of("PORT", "HOST"), Placeholders.names(tree));
    }
}
