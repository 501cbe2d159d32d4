package dev.elementkit.devportal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.elementkit.redis.testing.RedisServer;
import dev.elementkit.redis.testing.RedisServers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every REST endpoint against a real portal: a real host over a fresh app folder, with the built SQLite and Redis
 * plugin JARs loaded through PF4J. The secret rules have their own test with a password-protected redis-server.
 */
class PortalApiIT {

    private static final String SQLITE = "caches.SqliteType";
    private static final String REDIS = "caches.RedisType";

    private static PortalFixture portal;

    @BeforeAll
    static void startPortal() throws IOException {
        portal = PortalFixture.start("element-sqlite", "element-redis");
    }

    @AfterAll
    static void stopPortal() {
        if (portal != null) {
            portal.close();
        }
    }

    @Test
    void typesComeWithTheirSchemaAndPresentation() {
        PortalFixture.Response response = portal.get("/api/element-types");
        assertEquals(200, response.status(), response.toString());
        Map<String, JsonNode> types = new LinkedHashMap<>();
        response.json().forEach(t -> types.put(t.path("type").asText(), t));
        assertTrue(types.keySet().containsAll(List.of(SQLITE, REDIS)), types.keySet().toString());
        for (JsonNode type : types.values()) {
            assertEquals("caches.Meta", type.path("meta").asText());
            assertEquals("caches", type.path("family").asText());
            assertEquals("Cache Storage", type.path("category").asText());
            assertFalse(type.path("title").asText().isBlank());
            assertFalse(type.path("plugin").asText().isBlank());
            assertTrue(type.path("schema").path("properties").isObject(), type.toString());
        }
        JsonNode redis = types.get(REDIS);
        assertEquals("element-redis", redis.path("plugin").asText());
        assertTrue(redis.path("schema").path("properties").path("password").path("secret").asBoolean());
        assertTrue(iterable(redis.path("secretFields")).contains("password"));
        assertTrue(types.get(SQLITE).path("schema").path("properties").has("directory"));

        assertEquals(REDIS, portal.get("/api/element-types/" + REDIS).json().path("type").asText());
        assertEquals(404, portal.get("/api/element-types/caches.NoSuchType").status());
        assertEquals(200, portal.get("/api/app").status());
        assertEquals(portal.appId, portal.get("/api/app").json().path("appId").asText());
    }

    @Test
    void anElementIsCreatedReadEditedTestedAndDeleted() throws IOException {
        String name = "caches.CrudSqlite";
        Map<String, Object> body = element(name, SQLITE, "Crud cache", Map.of("directory", "appData/caches/CrudSqlite/sqlite.db"));
        PortalFixture.Response created = portal.post("/api/elements", body);
        assertEquals(201, created.status(), created.toString());
        assertEquals("/api/elements/" + name, created.header("Location"));
        assertEquals(name, created.json().path("fullName").asText());
        assertEquals("Crud cache", created.json().path("title").asText());

        Path folder = portal.appDir.resolve("caches/CrudSqlite");
        JsonNode eJson = PortalFixture.JSON.readTree(folder.resolve("e.json").toFile());
        assertEquals(SQLITE, eJson.path("type").asText());
        assertEquals("appData/caches/CrudSqlite/sqlite.db",
                PortalFixture.JSON.readTree(folder.resolve("CrudSqlite.json").toFile()).path("directory").asText());

        JsonNode listed = find(portal.get("/api/elements").json(), name);
        assertNotNull(listed, "the new element is listed");
        assertEquals("caches", listed.path("family").asText());
        assertEquals(SQLITE, listed.path("type").asText());
        assertTrue(Set.of("DEFINED", "READY").contains(listed.path("status").asText()), listed.toString());

        JsonNode read = portal.get("/api/elements/" + name).json();
        assertEquals("appData/caches/CrudSqlite/sqlite.db", read.path("config").path("directory").asText());

        PortalFixture.Response again = portal.post("/api/elements", body);
        assertEquals(409, again.status(), again.toString());
        assertEquals(List.of("fullName"), again.errorFields());

        PortalFixture.Response edited = portal.put("/api/elements/" + name, Map.of("title", "Crud cache 2",
                "config", Map.of("directory", "appData/caches/CrudSqlite/sqlite.db", "busy_timeout_ms", 2000)));
        assertEquals(200, edited.status(), edited.toString());
        assertEquals("Crud cache 2", edited.json().path("title").asText());
        assertEquals(2000, PortalFixture.JSON.readTree(folder.resolve("CrudSqlite.json").toFile()).path("busy_timeout_ms").asInt());

        PortalFixture.Response retitled = portal.put("/api/elements/" + name, Map.of("title", "Crud cache 3"));
        assertEquals(200, retitled.status(), retitled.toString());
        assertEquals("Crud cache 3", retitled.json().path("title").asText());
        assertEquals(2000, PortalFixture.JSON.readTree(folder.resolve("CrudSqlite.json").toFile()).path("busy_timeout_ms").asInt(),
                "a body without config changes only the title");

        PortalFixture.Response retyped = portal.put("/api/elements/" + name, Map.of("type", REDIS, "config", Map.of()));
        assertEquals(400, retyped.status());
        assertEquals(List.of("type"), retyped.errorFields());

        PortalFixture.Response invalid = portal.put("/api/elements/" + name, Map.of("config",
                Map.of("directory", "appData/caches/CrudSqlite/sqlite.db", "busy_timeout_ms", 5)));
        assertEquals(400, invalid.status(), invalid.toString());
        assertEquals(List.of("config.busy_timeout_ms"), invalid.errorFields());
        assertEquals(2000, PortalFixture.JSON.readTree(folder.resolve("CrudSqlite.json").toFile()).path("busy_timeout_ms").asInt(),
                "a refused edit leaves the file as it was");

        JsonNode test = portal.postEmpty("/api/elements/" + name + "/test").json();
        assertTrue(test.path("success").asBoolean(), test.toString());
        assertEquals("OK", test.path("code").asText());
        assertTrue(test.path("steps").size() > 0);
        test.path("steps").forEach(step -> assertEquals("SUCCESSFUL", step.path("outcome").asText(), step.toString()));

        assertEquals(204, portal.delete("/api/elements/" + name).status());
        assertFalse(Files.exists(folder));
        assertEquals(404, portal.get("/api/elements/" + name).status());
        assertEquals(404, portal.delete("/api/elements/" + name).status());
        assertEquals(404, portal.put("/api/elements/" + name, Map.of("config", Map.of())).status());
        assertEquals(404, portal.postEmpty("/api/elements/" + name + "/test").status());
        assertEquals(null, find(portal.get("/api/elements").json(), name));
    }

    @Test
    void deletingKeepsTheDataFileUnlessAskedAndNeverDeletesOutsideAppData() throws IOException {
        // Unticked (the default): the element goes, its SQLite file in appData/ stays, as the view said.
        String kept = "caches.KeepsItsData";
        assertEquals(201, portal.post("/api/elements", element(kept, SQLITE, "Keeps", Map.of())).status());
        assertTrue(portal.postEmpty("/api/elements/" + kept + "/test").json().path("success").asBoolean());
        Path keptFile = portal.appDir.resolve("appData/caches/KeepsItsData/sqlite.db");
        assertTrue(Files.exists(keptFile));
        JsonNode view = portal.get("/api/elements/" + kept).json();
        assertEquals("appData/caches/KeepsItsData/sqlite.db", view.path("dataFiles").path(0).asText(), view.toString());
        assertEquals(204, portal.delete("/api/elements/" + kept).status());
        assertFalse(Files.exists(portal.appDir.resolve("caches/KeepsItsData")));
        assertTrue(Files.exists(keptFile), "the data stays unless asked for");

        // Ticked: the file and the folders it leaves empty go; appData/ itself stays.
        String dropped = "caches.DropsItsData";
        assertEquals(201, portal.post("/api/elements", element(dropped, SQLITE, "Drops", Map.of())).status());
        assertTrue(portal.postEmpty("/api/elements/" + dropped + "/test").json().path("success").asBoolean());
        Path droppedFile = portal.appDir.resolve("appData/caches/DropsItsData/sqlite.db");
        assertTrue(Files.exists(droppedFile));
        assertEquals(400, portal.delete("/api/elements/" + dropped + "?data=yes").status());
        assertEquals(204, portal.delete("/api/elements/" + dropped + "?data=true").status());
        assertFalse(Files.exists(droppedFile));
        assertFalse(Files.exists(droppedFile.getParent()), "the emptied folder goes too");
        assertTrue(Files.isDirectory(portal.appDir.resolve("appData")));

        // A file outside appData/ is never offered nor deleted, even when asked for.
        Path outside = Files.createTempDirectory("outside-appdata-").resolve("mine.db");
        String elsewhere = "caches.ElsewhereData";
        assertEquals(201, portal.post("/api/elements", element(elsewhere, SQLITE, "Elsewhere",
                Map.of("directory", outside.toString()))).status());
        assertTrue(portal.postEmpty("/api/elements/" + elsewhere + "/test").json().path("success").asBoolean());
        assertTrue(Files.exists(outside));
        assertEquals(0, portal.get("/api/elements/" + elsewhere).json().path("dataFiles").size());
        assertEquals(204, portal.delete("/api/elements/" + elsewhere + "?data=true").status());
        assertTrue(Files.exists(outside), "outside appData/ nothing is deleted");
        Files.delete(outside);
        Files.delete(outside.getParent());
    }

    @Test
    void anElementAndItsNewVariableAreSavedTogetherOrNotAtAll() throws IOException {
        Path dotEnv = portal.appDir.resolve(".env");
        Path definitions = portal.appDir.resolve("variables.json");
        Map<String, Object> variable = Map.of("name", "ATOMIC_BUSY_MS", "value", "2500", "remark", "saved with it");

        // Invalid element (busy_timeout_ms below its minimum) with a new variable: nothing is written.
        Map<String, Object> invalid = element("caches.AtomicSqlite", SQLITE, "Atomic",
                Map.of("busy_timeout_ms", 5, "sweep_interval_seconds", "{{ATOMIC_BUSY_MS}}"));
        invalid.put("variables", List.of(variable));
        PortalFixture.Response refused = portal.post("/api/elements", invalid);
        assertEquals(400, refused.status(), refused.toString());
        assertEquals(List.of("config.busy_timeout_ms"), refused.errorFields());
        assertFalse(Files.exists(portal.appDir.resolve("caches/AtomicSqlite")), "no element written");
        assertFalse(Files.exists(dotEnv) && Files.readString(dotEnv).contains("ATOMIC_BUSY_MS"), "no .env entry");
        assertFalse(Files.exists(definitions) && Files.readString(definitions).contains("ATOMIC_BUSY_MS"),
                "no variable definition");

        // A variable that cannot be written (two lines) refuses the element too.
        Map<String, Object> badVariable = element("caches.AtomicSqlite", SQLITE, "Atomic", Map.of());
        badVariable.put("variables", List.of(Map.of("name", "ATOMIC_TWO_LINES", "value", "a\nb")));
        PortalFixture.Response refusedVariable = portal.post("/api/elements", badVariable);
        assertEquals(400, refusedVariable.status(), refusedVariable.toString());
        assertEquals(List.of("variables.ATOMIC_TWO_LINES"), refusedVariable.errorFields());
        assertFalse(Files.exists(portal.appDir.resolve("caches/AtomicSqlite")));

        // Valid: the configuration names the new variable, which validation already sees; both are written.
        Map<String, Object> valid = element("caches.AtomicSqlite", SQLITE, "Atomic",
                Map.of("sweep_interval_seconds", "{{ATOMIC_BUSY_MS}}"));
        valid.put("variables", List.of(variable));
        PortalFixture.Response created = portal.post("/api/elements", valid);
        assertEquals(201, created.status(), created.toString());
        assertTrue(Files.readString(dotEnv).contains("ATOMIC_BUSY_MS=2500"));
        assertTrue(Files.readString(definitions).contains("saved with it"));
        assertEquals(204, portal.delete("/api/elements/caches.AtomicSqlite").status());
        assertEquals(204, portal.delete("/api/variables/ATOMIC_BUSY_MS").status());
    }

    @Test
    void anAppHasOneBuiltInCache() {
        boolean hasOne = false;
        for (JsonNode element : portal.get("/api/elements").json()) {
            hasOne |= element.path("type").asText().equals("caches.BuiltinsType");
        }
        if (!hasOne) {
            assertEquals(201, portal.post("/api/elements", element("caches.FirstBuiltin", "caches.BuiltinsType",
                    null, Map.of())).status());
        }
        PortalFixture.Response second = portal.post("/api/elements", element("caches.SecondBuiltin",
                "caches.BuiltinsType", null, Map.of()));
        assertEquals(400, second.status(), second.toString());
        assertTrue(second.body().contains("has its built-in cache already"), second.body());
        JsonNode type = portal.get("/api/element-types/caches.BuiltinsType").json();
        assertTrue(type.path("icon").asText().startsWith("<svg"), type.toString());
        assertTrue(type.path("description").asText().contains("run by the host itself"), type.toString());
        if (!hasOne) {
            assertEquals(204, portal.delete("/api/elements/caches.FirstBuiltin").status());
        }
    }

    @Test
    void invalidInputIsReportedPerFieldAndNothingIsWritten() throws IOException {
        Set<String> before = filesUnder(portal.appDir);
        Map<String, Object> redisBase = Map.of("host", "127.0.0.1");

        assertFields(portal.post("/api/elements", Map.of("fullName", "caches.NoType", "config", Map.of())), "type");
        assertFields(portal.post("/api/elements", element("caches.Unknown", "caches.NoSuchType", null, Map.of())), "type");
        assertFields(portal.post("/api/elements", Map.of("type", SQLITE, "config", Map.of("directory", "a.db"))), "fullName");
        assertFields(portal.post("/api/elements", element("other.Sqlite", SQLITE, null, Map.of("directory", "a.db"))), "fullName");
        assertFields(portal.post("/api/elements", element("caches", SQLITE, null, Map.of("directory", "a.db"))), "fullName");
        assertFields(portal.post("/api/elements", element("caches.TooBusy", SQLITE, null,
                Map.of("busy_timeout_ms", 5))), "config.busy_timeout_ms");
        assertFields(portal.post("/api/elements", element("caches.BigPort", REDIS, null, with(redisBase, "port", 70000))), "config.port");
        assertFields(portal.post("/api/elements", element("caches.TextPort", REDIS, null, with(redisBase, "port", "abc"))), "config.port");
        assertFields(portal.post("/api/elements", element("caches.BadMode", REDIS, null, with(redisBase, "mode", "galaxy"))), "config.mode");
        assertFields(portal.post("/api/elements", element("caches.BlankHost", REDIS, null, Map.of("host", " "))), "config.host");
        PortalFixture.Response unknownField = portal.post("/api/elements",
                element("caches.Colour", SQLITE, null, Map.of("directory", "a.db", "colour", "blue")));
        assertEquals(400, unknownField.status(), unknownField.toString());
        assertTrue(unknownField.errorFields().get(0).startsWith("config"), unknownField.toString());
        PortalFixture.Response notObject = portal.post("/api/elements",
                Map.of("fullName", "caches.X", "type", SQLITE, "config", List.of(1)));
        assertFields(notObject, "config");
        // A configuration field beside "config" instead of inside it is named, not silently dropped.
        assertFields(portal.post("/api/elements", Map.of("fullName", "caches.Flat", "type", SQLITE,
                "directory", "a.db", "config", Map.of("directory", "a.db"))), "directory");
        PortalFixture.Response flatDraft = portal.post("/api/element-types/" + SQLITE + "/test",
                Map.of("directory", "a.db"));
        assertFields(flatDraft, "directory");
        assertTrue(flatDraft.toString().contains("inside"), flatDraft.toString());
        PortalFixture.Response twoProblems = portal.post("/api/elements", Map.of("fullName", "../x", "type", "nope"));
        assertEquals(Set.of("fullName", "type"), Set.copyOf(twoProblems.errorFields()));

        assertEquals(before, filesUnder(portal.appDir), "a refused element writes nothing");
    }

    @Test
    void namesThatCouldLeaveTheAppFolderAreRefused() throws IOException {
        Path victim = Files.createDirectories(portal.root.resolve("victim"));
        Files.writeString(victim.resolve("e.json"), "{\"type\": \"caches.SqliteType\", \"title\": \"outside\"}");
        Files.writeString(victim.resolve("victim.json"), "{\"directory\": \"x.db\"}");
        Set<String> rootBefore = filesUnder(portal.root);

        for (String name : List.of("../victim", "caches/../../victim", "caches.../victim", "/etc/passwd",
                "caches./etc/passwd", "caches..victim", "caches.a/b", "caches.a\\b", "C:\\victim", "caches.%2e%2e",
                "caches.\u0000x", "caches. x", "caches.1x", "caches.x" + "y".repeat(100))) {
            PortalFixture.Response response = portal.post("/api/elements",
                    element(name, SQLITE, null, Map.of("directory", "a.db")));
            assertEquals(List.of("fullName"), response.errorFields(), name + " -> " + response);
            PortalFixture.Response test = portal.post("/api/element-types/" + SQLITE + "/test",
                    Map.of("fullName", name, "config", Map.of("directory", "a.db")));
            assertEquals(400, test.status(), name + " -> " + test);
        }

        List<String> paths = List.of("..", "..%2F..%2Fvictim", "%2e%2e%2fvictim", "%2E%2E/victim", "../../victim",
                "%2Fetc%2Fpasswd", "caches.Ok%2F..%2F..%2Fvictim", "..%5C..%5Cvictim", "%252e%252e%252fvictim",
                "caches%2F..%2F..%2Fvictim", "victim%00", "%c0%ae%c0%ae%2fvictim");
        for (String path : paths) {
            for (String method : List.of("GET", "DELETE")) {
                PortalFixture.Response response = portal.raw(method + " /api/elements/" + path + " HTTP/1.1\nHost: 127.0.0.1:"
                        + portal.server.port());
                assertTrue(response.status() == 400 || response.status() == 404, method + " " + path + " -> " + response);
                assertNoStackTrace(response.body());
            }
            PortalFixture.Response put = portal.raw("PUT /api/elements/" + path + " HTTP/1.1\nHost: 127.0.0.1:"
                    + portal.server.port() + "\nContent-Type: application/json", "{\"config\": {}}");
            assertTrue(put.status() == 400 || put.status() == 404, "PUT " + path + " -> " + put);
            PortalFixture.Response test = portal.raw("POST /api/elements/" + path + "/test HTTP/1.1\nHost: 127.0.0.1:"
                    + portal.server.port());
            assertTrue(test.status() == 400 || test.status() == 404, "POST test " + path + " -> " + test);
        }
        for (String path : List.of("..%2F..%2Fvictim", "..", "a.b")) {
            PortalFixture.Response variable = portal.raw("PUT /api/variables/" + path + " HTTP/1.1\nHost: 127.0.0.1:"
                    + portal.server.port() + "\nContent-Type: application/json", "{\"value\": \"x\"}");
            assertTrue(variable.status() == 400 || variable.status() == 404, "variable " + path + " -> " + variable);
            PortalFixture.Response plugin = portal.raw("DELETE /api/plugins/" + path + " HTTP/1.1\nHost: 127.0.0.1:"
                    + portal.server.port());
            assertTrue(plugin.status() == 400 || plugin.status() == 404, "plugin " + path + " -> " + plugin);
        }
        PortalFixture.Response upload = portal.postBytes("/api/plugins?filename=..%2F..%2Fescaped.jar", notAPluginJar(),
                "application/java-archive");
        assertEquals(400, upload.status(), upload.toString());

        assertEquals(rootBefore, filesUnder(portal.root), "nothing outside the app changed, nothing new appeared");
        assertTrue(Files.exists(victim.resolve("e.json")));
        assertNotFoundAnywhere("escaped.jar");
    }

    @Test
    void connectionTestsSayWhereAndWhy() {
        JsonNode sqlite = portal.post("/api/element-types/" + SQLITE + "/test",
                Map.of("config", Map.of("directory", "appData/caches/Unsaved/sqlite.db"))).json();
        assertTrue(sqlite.path("success").asBoolean(), sqlite.toString());
        assertEquals("OK", sqlite.path("code").asText());
        assertTrue(sqlite.path("latencyMs").asLong() >= 0);
        assertTrue(sqlite.path("steps").size() > 0);
        sqlite.path("steps").forEach(step -> {
            assertFalse(step.path("name").asText().isBlank());
            assertTrue(step.has("explanation") && step.has("latencyMs"));
        });
        assertTrue(sqlite.path("details").isObject());

        int nothingListens = LocalTools.freePort();
        JsonNode redis = portal.post("/api/element-types/" + REDIS + "/test", Map.of("fullName", "caches.Unsaved",
                "config", Map.of("host", "127.0.0.1", "port", nothingListens))).json();
        assertFalse(redis.path("success").asBoolean(), redis.toString());
        assertEquals("UNREACHABLE", redis.path("code").asText(), redis.toString());
        assertFalse(redis.path("message").asText().isBlank());
        assertTrue(iterableOf(redis.path("steps"), "outcome").contains("FAILED"), redis.toString());

        JsonNode invalid = portal.post("/api/element-types/" + REDIS + "/test",
                Map.of("config", Map.of("host", "127.0.0.1", "port", 0))).json();
        assertFalse(invalid.path("success").asBoolean());
        assertEquals("INVALID_CONFIG", invalid.path("code").asText(), invalid.toString());

        assertEquals(404, portal.post("/api/element-types/caches.NoSuchType/test", Map.of("config", Map.of())).status());
        assertFields(portal.post("/api/element-types/" + SQLITE + "/test?timeoutMs=5", Map.of("config", Map.of())), "timeoutMs");
        assertEquals(404, portal.postEmpty("/api/elements/caches.NeverSaved/test").status());
    }

    @Test
    void variablesCanBeWrittenButTheirValuesNeverRead() {
        String value = "value-" + System.nanoTime();
        PortalFixture.Response set = portal.put("/api/variables/PORTAL_IT_VAR",
                Map.of("value", value, "defaultValue", "fallback", "remark", "for the test"));
        assertEquals(200, set.status(), set.toString());
        assertTrue(set.json().path("isSet").asBoolean());
        assertEquals("fallback", set.json().path("defaultValue").asText());
        assertEquals("for the test", set.json().path("remark").asText());
        assertFalse(set.json().has("value"));

        assertTrue(iterableOf(portal.get("/api/variables").json(), "name").contains("PORTAL_IT_VAR"));
        assertTrue(portal.get("/api/variables/PORTAL_IT_VAR").json().path("isSet").asBoolean());
        PortalFixture.Response remarkOnly = portal.put("/api/variables/PORTAL_IT_VAR", Map.of("remark", "new remark"));
        assertTrue(remarkOnly.json().path("isSet").asBoolean(), "leaving the value out keeps it");
        assertEquals(value, portal.host.variables().get("PORTAL_IT_VAR").orElseThrow());

        assertFields(portal.put("/api/variables/bad-name", Map.of("value", "x")), "name");
        assertFields(portal.put("/api/variables/TWO_LINES", Map.of("value", "a\nB=b")), "value");
        assertFields(portal.put("/api/variables/NUMBER", Map.of("value", 5)), "value");

        assertEquals(204, portal.delete("/api/variables/PORTAL_IT_VAR").status());
        assertEquals(404, portal.get("/api/variables/PORTAL_IT_VAR").status());
        assertEquals(404, portal.delete("/api/variables/PORTAL_IT_VAR").status());
        for (String body : portal.received()) {
            assertFalse(body.contains(value), body);
        }
    }

    @Test
    void pluginsAreListedAndBadUploadsChangeNothing() throws IOException {
        JsonNode plugins = portal.get("/api/plugins").json();
        JsonNode sqlite = null;
        for (JsonNode plugin : plugins) {
            if (plugin.path("id").asText().equals("element-sqlite")) {
                sqlite = plugin;
            }
        }
        assertNotNull(sqlite, plugins.toString());
        assertEquals("STARTED", sqlite.path("state").asText());
        assertTrue(sqlite.path("error").isNull());
        assertFalse(sqlite.path("version").asText().isBlank());
        assertTrue(iterable(sqlite.path("types")).contains(SQLITE));
        assertTrue(sqlite.path("file").asText().matches("element-sqlite-[^/\\\\]+\\.jar"), sqlite.toString());

        Set<String> before = filesUnder(portal.pluginsDir);
        assertFields(portal.postBytes("/api/plugins?filename=x.jar", "not a zip".getBytes(StandardCharsets.UTF_8),
                "application/java-archive"), "file");
        assertFields(portal.postBytes("/api/plugins", notAPluginJar(), "application/java-archive"), "file");
        assertFields(portal.postBytes("/api/plugins?filename=readme.txt", notAPluginJar(), "application/java-archive"), "file");
        assertFields(portal.postBytes("/api/plugins?filename=empty.jar", new byte[0], "application/java-archive"), "file");
        PortalFixture.Response noPlugin = portal.postBytes("/api/plugins?filename=no-plugin-1.0.jar", notAPluginJar(),
                "application/java-archive");
        assertFields(noPlugin, "file");
        assertTrue(noPlugin.json().path("errors").get(0).path("message").asText().contains("no-plugin-1.0.jar"), noPlugin.toString());
        assertEquals(before, filesUnder(portal.pluginsDir), "a refused upload leaves nothing behind");
        assertEquals(404, portal.delete("/api/plugins/no-such-plugin").status());
    }

    @Test
    void aSecretTypedIntoTheFormEndsUpOnlyInDotEnv() throws Exception {
        String password = "pw-" + UUID.randomUUID();
        RedisServers.requireBinaries();
        try (RedisServer redis = RedisServers.withPassword(password);
             PortalFixture own = PortalFixture.start("element-redis")) {
            String name = "caches.SecretRedis";
            Map<String, Object> config = Map.of("host", "127.0.0.1", "port", redis.port(), "password", password, "db", 0);
            PortalFixture.Response created = own.post("/api/elements", element(name, REDIS, "Secret Redis", config));
            assertEquals(201, created.status(), created.toString());
            JsonNode shown = created.json().path("config").path("password");
            assertTrue(shown.isTextual() && shown.asText().matches("\\{\\{\\w+}}")
                    || shown.path("secret").asBoolean(), "the password is shown as a placeholder or a mask: " + shown);
            JsonNode read = own.get("/api/elements/" + name).json();
            assertEquals(shown, read.path("config").path("password"));
            String variable = shown.asText().replaceAll("[{}]", "");
            assertTrue(iterableOf(read.path("variables"), "name").contains(variable), read.toString());
            read.path("variables").forEach(v -> assertTrue(v.path("isSet").asBoolean(), v.toString()));

            assertOk(own.postEmpty("/api/elements/" + name + "/test").json());

            // Sending back what GET showed, or leaving the password out, keeps it.
            PortalFixture.Response roundTrip = own.put("/api/elements/" + name,
                    Map.of("title", "Secret Redis", "config", read.path("config")));
            assertEquals(200, roundTrip.status(), roundTrip.toString());
            assertOk(own.postEmpty("/api/elements/" + name + "/test").json());
            PortalFixture.Response masked = own.put("/api/elements/" + name, Map.of("config", Map.of("host", "127.0.0.1",
                    "port", redis.port(), "db", 0, "password", Map.of("secret", true, "isSet", true))));
            assertEquals(200, masked.status(), masked.toString());
            assertOk(own.postEmpty("/api/elements/" + name + "/test").json());
            PortalFixture.Response without = own.put("/api/elements/" + name,
                    Map.of("config", Map.of("host", "127.0.0.1", "port", redis.port(), "db", 0)));
            assertEquals(200, without.status(), without.toString());
            assertOk(own.postEmpty("/api/elements/" + name + "/test").json());

            // Edited values of a saved element are tested with its saved password.
            assertOk(own.post("/api/element-types/" + REDIS + "/test", Map.of("fullName", name,
                    "config", Map.of("host", "127.0.0.1", "port", redis.port(), "db", 0))).json());
            JsonNode wrong = own.post("/api/element-types/" + REDIS + "/test", Map.of("fullName", "caches.Other",
                    "config", Map.of("host", "127.0.0.1", "port", redis.port(), "password", "wrong-" + password))).json();
            assertEquals("AUTH_FAILED", wrong.path("code").asText(), wrong.toString());
            assertOk(own.post("/api/element-types/" + REDIS + "/test", Map.of("fullName", "caches.Other",
                    "config", Map.of("host", "127.0.0.1", "port", redis.port(), "password", password))).json());

            for (String body : own.received()) {
                assertFalse(body.contains(password), "a response carried the password: " + body);
            }
            Path dotEnv = own.appDir.resolve(".env");
            assertTrue(Files.readString(dotEnv).contains(password), ".env holds the password");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dotEnv)));
            try (Stream<Path> files = Files.walk(own.root)) {
                for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.equals(dotEnv)).toList()) {
                    if (file.getFileName().toString().endsWith(".jar")) {
                        continue;
                    }
                    assertFalse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(password),
                            "the password leaked into " + own.root.relativize(file));
                }
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void assertOk(JsonNode result) {
        assertTrue(result.path("success").asBoolean(), result.toString());
        assertEquals("OK", result.path("code").asText());
    }

    private static void assertFields(PortalFixture.Response response, String... fields) {
        assertEquals(400, response.status(), response.toString());
        assertEquals(List.of(fields), response.errorFields(), response.toString());
        response.json().path("errors").forEach(e -> assertFalse(e.path("message").asText().isBlank()));
        assertNoStackTrace(response.body());
    }

    private static void assertNoStackTrace(String body) {
        assertFalse(body.contains("\tat ") || body.contains("at org.") || body.contains("at dev.")
                || body.contains("Exception:"), body);
    }

    private static void assertNotFoundAnywhere(String fileName) throws IOException {
        try (Stream<Path> files = Files.walk(portal.root)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().equals(fileName)), fileName + " was written");
        }
        assertFalse(Files.exists(Path.of(System.getProperty("java.io.tmpdir"), fileName)));
    }

    private static Map<String, Object> element(String fullName, String type, String title, Object config) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("fullName", fullName);
        body.put("type", type);
        if (title != null) {
            body.put("title", title);
        }
        body.put("config", config);
        return body;
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(base);
        copy.put(key, value);
        return copy;
    }

    private static JsonNode find(JsonNode list, String fullName) {
        for (JsonNode node : list) {
            if (node.path("fullName").asText().equals(fullName)) {
                return node;
            }
        }
        return null;
    }

    private static List<String> iterable(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static List<String> iterableOf(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.path(field).asText()));
        return values;
    }

    private static Set<String> filesUnder(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.map(p -> folder.relativize(p).toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** A well-formed JAR whose manifest names no plugin. */
    static byte[] notAPluginJar() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            jar.putNextEntry(new ZipEntry("readme.txt"));
            jar.write("not a plugin".getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }
}
