package dev.elementkit.devportal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The element files a careless hand (or editor) leaves behind, served through the portal: every one is shown as
 * BROKEN with an error naming its file and where, tests answer 200 with INVALID_CONFIG, a PUT with a valid
 * configuration repairs it, and no route answers 500. Files that only look odd (a byte order mark) just work, and a
 * variable cannot add fields to the configuration it is put into.
 */
@Timeout(120)
class BrokenElementsIT {

    private static final String SQLITE = "caches.SqliteType";

    /** name → (e.json text, config text or null, what the error must name). */
    private static Map<String, List<String>> corpus() {
        Map<String, List<String>> cases = new LinkedHashMap<>();
        String descriptor = "{\"title\": \"t\", \"type\": \"" + SQLITE + "\"}";
        cases.put("BadJson", List.of(descriptor, "{\"directory\": \"a.db\",, }", "BadJson.json", "line 1"));
        cases.put("EmptyConfig", List.of(descriptor, "", "EmptyConfig.json", "empty"));
        cases.put("Truncated", List.of(descriptor, "{\"directory\": \"a.db\"", "Truncated.json", "line"));
        cases.put("DuplicateKey", List.of(descriptor, "{\"directory\": \"a.db\", \"directory\": \"b.db\"}",
                "DuplicateKey.json", "'directory' twice"));
        cases.put("ArrayConfig", List.of(descriptor, "[1, 2]", "ArrayConfig.json", "JSON object"));
        cases.put("NumberDirectory", List.of(descriptor, "{\"directory\": 5}", "NumberDirectory.json", "directory"));
        cases.put("UnknownField", List.of(descriptor, "{\"directory\": \"a.db\", \"colour\": 1}", "UnknownField.json",
                "colour"));
        cases.put("BrokenDescriptor", List.of("{\"title\": \"t\", \"type\": ", "{\"directory\": \"a.db\"}",
                "BrokenDescriptor/e.json", "line"));
        cases.put("EmptyDescriptor", List.of("", "{\"directory\": \"a.db\"}", "EmptyDescriptor/e.json", "empty"));
        cases.put("DuplicateType", List.of("{\"type\": \"" + SQLITE + "\", \"type\": \"x\"}", "{}",
                "DuplicateType/e.json", "'type' twice"));
        cases.put("MissingVariable", List.of(descriptor, "{\"directory\": \"{{NOT_DEFINED_ANYWHERE}}\"}",
                "MissingVariable.json", "NOT_DEFINED_ANYWHERE"));
        return cases;
    }

    @Test
    void everyBrokenFormIsShownTestedAndRepairedWithoutA500() throws Exception {
        try (PortalFixture portal = PortalFixture.start("element-sqlite")) {
            Map<String, List<String>> cases = corpus();
            for (Map.Entry<String, List<String>> entry : cases.entrySet()) {
                element(portal.appDir, entry.getKey(), entry.getValue().get(0), entry.getValue().get(1));
            }
            int checked = 0;
            for (Map.Entry<String, List<String>> entry : cases.entrySet()) {
                String fullName = "caches." + entry.getKey();
                String file = entry.getValue().get(2);
                String where = entry.getValue().get(3);

                PortalFixture.Response shown = portal.get("/api/elements/" + fullName);
                assertEquals(200, shown.status(), fullName + ": " + shown);
                assertEquals("BROKEN", shown.json().path("status").asText(), fullName + ": " + shown);
                String error = shown.json().path("error").asText();
                assertTrue(error.contains(file) && error.contains(where), fullName + ": " + error);

                PortalFixture.Response tested = portal.postEmpty("/api/elements/" + fullName + "/test");
                assertEquals(200, tested.status(), fullName + ": " + tested);
                assertEquals("INVALID_CONFIG", tested.json().path("code").asText(), fullName + ": " + tested);
                assertTrue(tested.json().path("message").asText().contains(file), fullName + ": " + tested);

                PortalFixture.Response listed = portal.get("/api/elements");
                assertEquals(200, listed.status(), listed.toString());

                PortalFixture.Response repaired = portal.put("/api/elements/" + fullName, Map.of("type", SQLITE,
                        "config", Map.of("directory", "appData/" + entry.getKey() + ".db")));
                assertEquals(200, repaired.status(), fullName + ": " + repaired);
                assertNotEquals("BROKEN", repaired.json().path("status").asText(), fullName + ": " + repaired);
                PortalFixture.Response retested = portal.postEmpty("/api/elements/" + fullName + "/test");
                assertEquals("OK", retested.json().path("code").asText(), fullName + ": " + retested);
                checked++;
            }
            System.out.printf("broken-element corpus: %d cases, 0 HTTP 500, each shown, tested and repaired%n", checked);
        }
    }

    @Test
    void aByteOrderMarkIsAcceptedAndAVariableCannotAddFields() throws Exception {
        try (PortalFixture portal = PortalFixture.start("element-sqlite")) {
            element(portal.appDir, "WithBom", "\uFEFF{\"title\": \"t\", \"type\": \"" + SQLITE + "\"}",
                    "\uFEFF{\"directory\": \"appData/bom.db\"}");
            Files.writeString(portal.appDir.resolve(".env"), "INJECTED=\"x.db\\\", \\\"extra\\\": \\\"1\"\n");
            element(portal.appDir, "Injected", "{\"title\": \"t\", \"type\": \"" + SQLITE + "\"}",
                    "{\"directory\": \"appData/{{INJECTED}}\"}");

            JsonNode bom = portal.get("/api/elements/caches.WithBom").json();
            assertNotEquals("BROKEN", bom.path("status").asText(), bom.toString());
            assertEquals("OK", portal.postEmpty("/api/elements/caches.WithBom/test").json().path("code").asText());

            // The variable's quotes stay inside the one value: no field "extra" appears, the path is just odd.
            JsonNode injected = portal.get("/api/elements/caches.Injected").json();
            assertFalse(injected.path("config").has("extra"), injected.toString());
            PortalFixture.Response tested = portal.postEmpty("/api/elements/caches.Injected/test");
            assertEquals(200, tested.status(), tested.toString());
            assertFalse(tested.body().contains("extra\": "), tested.toString());
        }
    }

    private static void element(Path app, String name, String descriptor, String config) throws IOException {
        Path folder = Files.createDirectories(app.resolve("caches").resolve(name));
        Files.writeString(folder.resolve("e.json"), descriptor, StandardCharsets.UTF_8);
        if (config != null) {
            Files.writeString(folder.resolve(name + ".json"), config, StandardCharsets.UTF_8);
        }
    }
}
