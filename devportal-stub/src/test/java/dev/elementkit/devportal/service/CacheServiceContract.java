package dev.elementkit.devportal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.elementkit.cache.Cache;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * Every route and status of {@code /api/v2} against a real server over one backend, with a real HTTP client. The
 * backend's subclass says where {@code caches.Default} (service {@code cache}) and {@code caches.MyStore} (service
 * {@code mystore}) live and how a second client reads and writes it behind the service's back.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class CacheServiceContract {

    static final int MAX_BODY = 16 * 1024;

    ServiceFixture fixture;
    String key;
    /** The resolved value of {{SVC_SECRET}}, the password of caches.Locked: it must never come back. */
    final String secret = "s3cret-" + UUID.randomUUID();

    /** Adds {@code caches.MyStore} and whatever {@code caches.Default} needs (e.g. REDIS_URL) to the fixture. */
    abstract void defineElements(ServiceFixture fixture) throws Exception;

    /** The stored text of a full (prefixed) backend key, read with a second client; null when missing. */
    abstract String rawGet(String fullKey) throws Exception;

    /** Writes a full backend key with a second client. */
    abstract void rawSet(String fullKey, String value) throws Exception;

    /** Deletes a full backend key with a second client. */
    abstract void rawDelete(String fullKey) throws Exception;

    @BeforeAll
    void start() throws Exception {
        fixture = ServiceFixture.create(getClass().getSimpleName());
        fixture.redisElement("caches.Down", ServiceFixture.freePort(), 1.0);
        fixture.element("caches.Forever", "caches.SqliteType", Map.of("directory", "appData/forever.db"),
                Map.of("defaultTtl", 0));
        fixture.element("caches.Short", "caches.SqliteType", Map.of("directory", "appData/short.db"),
                Map.of("defaultTtl", 50));
        fixture.environment.put("SVC_SECRET", secret);
        fixture.element("caches.Locked", "caches.RedisType", Map.of("host", "127.0.0.1", "port", 6379, "db", 0,
                "password", "{{SVC_SECRET}}", "socket_timeout", 5.0, "socket_connect_timeout", 5.0), null);
        fixture.element("caches.BadTtl", "caches.SqliteType", Map.of("directory", "appData/bad.db"),
                Map.of("defaultTtl", "soon"));
        defineElements(fixture);
        fixture.start(MAX_BODY);
        key = fixture.keyForAll("contract");
    }

    @AfterAll
    void stop() {
        if (fixture != null) {
            List<String> received = fixture.received();
            fixture.close();
            for (String line : received) {
                assertFalse(line.contains(key), "an API key came back in a response: " + line);
                assertFalse(line.contains(secret), "a resolved {{VAR}} came back in a response: " + line);
                assertFalse(line.contains("\tat ") || line.matches("(?s).*\\.java:\\d+\\).*"),
                        "a stack trace in a response: " + line);
            }
        }
    }

    Cache cache(String fullName) {
        return fixture.host.app().getElement(fullName, Cache.class);
    }

    String full(String cacheKey) {
        return fixture.appId + ":" + cacheKey;
    }

    // ---- the seed's examples, through a Java client (the curl lines themselves run in SeedCurlExamplesIT)

    @Test
    void storeWithTtlThenRetrieveAsTheSeedShows() throws Exception {
        Map<String, Object> body = Map.of("key", "user:123:profile",
                "value", Map.of("name", "John", "email", "john@example.com"), "ttl", 3600);
        ServiceFixture.Response created = fixture.post("/api/v2/cache", key, body);
        assertEquals(201, created.status(), created.toString());
        assertEquals("user:123:profile", created.json().path("key").asText());
        assertEquals("/api/v2/cache/user:123:profile", created.header("Location"));

        ServiceFixture.Response read = fixture.get("/api/v2/cache/user:123:profile", key);
        assertEquals(200, read.status(), read.toString());
        assertEquals("application/json", read.header("Content-Type"));
        assertEquals(ServiceFixture.JSON.valueToTree(body.get("value")), read.json());
        assertEquals(read.json(), ServiceFixture.JSON.readTree(rawGet(full("user:123:profile"))),
                "stored under {appId}:key as JSON");
        long ttl = cache("caches.Default").ttl("user:123:profile");
        assertTrue(ttl > 3500 && ttl <= 3600, "ttl " + ttl);
        rawDelete(full("user:123:profile"));
    }

    // ---- values and TTLs

    @Test
    void textIsStoredPlainAndComesBackAsAJsonString() throws Exception {
        assertEquals(201, fixture.post("/api/v2/cache", key, Map.of("key", "text:1", "value", "John")).status());
        assertEquals("John", rawGet(full("text:1")));
        assertEquals("\"John\"", fixture.get("/api/v2/cache/text:1", key).body());
        rawSet(full("text:2"), "{not json");
        assertEquals("\"{not json\"", fixture.get("/api/v2/cache/text:2", key).body());
        assertEquals(201, fixture.post("/api/v2/cache", key, Map.of("key", "num:1", "value", 42)).status());
        assertEquals("42", rawGet(full("num:1")));
        assertEquals(42, fixture.get("/api/v2/cache/num:1", key).json().asInt());
    }

    @Test
    void aWriteWithoutTtlGetsTheServiceDefault() {
        assertEquals(201, fixture.post("/api/v2/cache", key, Map.of("key", "ttl:default", "value", "v")).status());
        long ttl = cache("caches.Default").ttl("ttl:default");
        assertTrue(ttl > 250 && ttl <= ServiceDirectory.DEFAULT_TTL_SECONDS, "DreamFactory's 300 s, got " + ttl);

        assertEquals(201, fixture.post("/api/v2/short", key, Map.of("key", "k", "value", "v")).status());
        long shortTtl = cache("caches.Short").ttl("k");
        assertTrue(shortTtl > 0 && shortTtl <= 50, "e.json's service.defaultTtl 50, got " + shortTtl);

        assertEquals(201, fixture.post("/api/v2/forever", key, Map.of("key", "k", "value", "v")).status());
        assertEquals(-1, cache("caches.Forever").ttl("k"), "defaultTtl 0 never expires");
        assertEquals(200, fixture.put("/api/v2/cache/ttl:zero", key, Map.of("value", "v", "ttl", 0)).status());
        assertEquals(-1, cache("caches.Default").ttl("ttl:zero"), "ttl 0 never expires");
    }

    @Test
    void aBadDefaultTtlInEJsonIsA503NamingFileAndField() {
        ServiceFixture.Response response = fixture.get("/api/v2/badttl/k", key);
        assertEquals(503, response.status(), response.toString());
        String message = response.json().path("error").path("message").asText();
        assertTrue(message.contains("caches/BadTtl/e.json") && message.contains("service.defaultTtl"), message);
        assertNotNull(response.header("Retry-After"));
    }

    // ---- create, upsert, read, delete

    @Test
    void createMeansCreate() throws Exception {
        assertEquals(201, fixture.post("/api/v2/cache", key, Map.of("key", "once", "value", "first")).status());
        ServiceFixture.Response again = fixture.post("/api/v2/cache", key, Map.of("key", "once", "value", "second"));
        assertEquals(400, again.status(), again.toString());
        assertEquals("key", again.errorField());
        assertEquals(400, again.json().path("error").path("code").asInt());
        assertEquals("first", rawGet(full("once")), "the existing value is untouched");
    }

    @Test
    void aBatchCreateIsAllOrNothing() throws Exception {
        rawSet(full("batch:taken"), "theirs");
        ServiceFixture.Response refused = fixture.post("/api/v2/cache", key, Map.of("resource", List.of(
                Map.of("key", "batch:new", "value", 1), Map.of("key", "batch:taken", "value", 2))));
        assertEquals(400, refused.status(), refused.toString());
        assertEquals("resource[1].key", refused.errorField());
        assertNull(rawGet(full("batch:new")), "the entry created before the conflict is taken back");
        assertEquals("theirs", rawGet(full("batch:taken")));

        ServiceFixture.Response created = fixture.post("/api/v2/cache", key, Map.of("resource", List.of(
                Map.of("key", "batch:a", "value", "A", "ttl", 100), Map.of("key", "batch:b", "value", List.of(1, 2)))));
        assertEquals(201, created.status(), created.toString());
        assertEquals(2, created.json().path("resource").size());
        assertEquals("A", rawGet(full("batch:a")));
        assertEquals("[1,2]", rawGet(full("batch:b")));
    }

    @Test
    void putAndPatchReplace() throws Exception {
        assertEquals(200, fixture.put("/api/v2/cache", key, Map.of("key", "up:1", "value", "one")).status());
        assertEquals(200, fixture.put("/api/v2/cache", key, Map.of("key", "up:1", "value", "two")).status());
        assertEquals("two", rawGet(full("up:1")));
        ServiceFixture.Response many = fixture.patch("/api/v2/cache", key, Map.of("resource", List.of(
                Map.of("key", "up:1", "value", "three", "ttl", 60), Map.of("key", "up:2", "value", true))));
        assertEquals(200, many.status(), many.toString());
        assertEquals("three", rawGet(full("up:1")));
        assertEquals("true", rawGet(full("up:2")));
        long ttl = cache("caches.Default").ttl("up:1");
        assertTrue(ttl > 0 && ttl <= 60, "ttl " + ttl);

        assertEquals(200, fixture.put("/api/v2/cache/up:3", key, Map.of("value", Map.of("a", 1), "ttl", 30)).status());
        assertEquals("{\"a\":1}", rawGet(full("up:3")));
        assertEquals(200, fixture.patch("/api/v2/cache/up:3", key, Map.of("value", "patched")).status());
        assertEquals("patched", rawGet(full("up:3")));
    }

    @Test
    void keysMayHoldSlashesAndColons() throws Exception {
        assertEquals(200, fixture.put("/api/v2/cache/files/a/b.txt", key, Map.of("value", "x")).status());
        assertEquals("x", rawGet(full("files/a/b.txt")));
        assertEquals("\"x\"", fixture.get("/api/v2/cache/files/a/b.txt", key).body());
        assertEquals(200, fixture.delete("/api/v2/cache/files/a/b.txt", key).status());
    }

    @Test
    void aMissingKeyIs404UnlessADefaultIsGiven() {
        ServiceFixture.Response missing = fixture.get("/api/v2/cache/no:such:key", key);
        assertEquals(404, missing.status(), missing.toString());
        assertEquals(404, missing.json().path("error").path("code").asInt());
        ServiceFixture.Response fallback = fixture.get("/api/v2/cache/no:such:key?default=anonymous", key);
        assertEquals(200, fallback.status());
        assertEquals("\"anonymous\"", fallback.body());
    }

    @Test
    void deleteIs200ThenNotFound() throws Exception {
        rawSet(full("del:1"), "x");
        ServiceFixture.Response deleted = fixture.delete("/api/v2/cache/del:1", key);
        assertEquals(200, deleted.status(), deleted.toString());
        assertNull(rawGet(full("del:1")));
        assertEquals(404, fixture.delete("/api/v2/cache/del:1", key).status());
    }

    // ---- listing

    @Test
    void keysArePagedAndFilteredByPattern() throws Exception {
        for (int i = 0; i < 5; i++) {
            rawSet(full("page:" + i), "v" + i);
        }
        rawSet(full("other:0"), "x");
        ServiceFixture.Response first = fixture.get("/api/v2/cache?pattern=page:*&limit=2", key);
        assertEquals(200, first.status(), first.toString());
        assertEquals(List.of("page:0", "page:1"), texts(first.json().path("resource")));
        assertEquals(5, first.json().path("meta").path("count").asInt());
        assertEquals(2, first.json().path("meta").path("next").asInt());
        ServiceFixture.Response last = fixture.get("/api/v2/cache?pattern=page:*&limit=2&offset=4", key);
        assertEquals(List.of("page:4"), texts(last.json().path("resource")));
        assertTrue(last.json().path("meta").path("next").isNull());
        assertTrue(texts(fixture.get("/api/v2/cache", key).json().path("resource")).contains("other:0"));

        ServiceFixture.Response badLimit = fixture.get("/api/v2/cache?limit=0", key);
        assertEquals(400, badLimit.status());
        assertEquals("limit", badLimit.errorField());
        assertEquals("offset", fixture.get("/api/v2/cache?offset=x", key).errorField());
        assertEquals(400, fixture.get("/api/v2/cache?pattern=[abc", key).status(), "a malformed glob");
    }

    @Test
    void idsAnswersManyValuesInOneCall() throws Exception {
        rawSet(full("ids:a"), "{\"n\":1}");
        rawSet(full("ids:b"), "plain");
        ServiceFixture.Response many = fixture.get("/api/v2/cache?ids=ids:a,ids:missing,ids:b", key);
        assertEquals(200, many.status(), many.toString());
        JsonNode resource = many.json().path("resource");
        assertEquals(2, resource.size(), resource.toString());
        assertEquals("ids:a", resource.get(0).path("key").asText());
        assertEquals(1, resource.get(0).path("value").path("n").asInt());
        assertEquals("plain", resource.get(1).path("value").asText());
    }

    @Test
    void theServiceListShowsWhatTheKeyMayUse() {
        ServiceFixture.Response all = fixture.get("/api/v2", key);
        assertEquals(200, all.status(), all.toString());
        List<String> names = new ArrayList<>();
        all.json().path("services").forEach(s -> names.add(s.path("name").asText()));
        assertTrue(names.containsAll(List.of("cache", "mystore", "down", "forever", "short", "badttl", "locked")),
                names.toString());
        String narrow = fixture.keys.create("list-narrow", List.of("mystore"), List.of("GET")).key();
        ServiceFixture.Response some = fixture.get("/api/v2", narrow);
        assertEquals(1, some.json().path("services").size(), some.toString());
        assertEquals("caches.MyStore", some.json().path("services").get(0).path("element").asText());
    }

    // ---- flush

    @Test
    void flushDeletesThisAppsKeysAndNothingElse() throws Exception {
        String otherApp = "svc.OtherApp" + System.nanoTime() + ":";
        String unprefixed = "svc-unprefixed-" + System.nanoTime();
        rawSet(otherApp + "user:1", "theirs");
        rawSet(unprefixed, "nobody's");
        try {
            assertEquals(200, fixture.put("/api/v2/cache/flush:1", key, Map.of("value", "mine")).status());
            assertEquals(200, fixture.put("/api/v2/cache/flush:2", key, Map.of("value", "mine")).status());
            ServiceFixture.Response flushed = fixture.delete("/api/v2/cache", key);
            assertEquals(200, flushed.status(), flushed.toString());
            assertTrue(flushed.json().path("deleted").asLong() >= 2, flushed.toString());
            assertNull(rawGet(full("flush:1")));
            assertNull(rawGet(full("flush:2")));
            assertEquals("theirs", rawGet(otherApp + "user:1"), "another app's key stays");
            assertEquals("nobody's", rawGet(unprefixed), "a key without an app prefix stays");
        } finally {
            rawDelete(otherApp + "user:1");
            rawDelete(unprefixed);
        }
    }

    @Test
    void deleteWithIdsDeletesOnlyThose() throws Exception {
        rawSet(full("some:1"), "a");
        rawSet(full("some:2"), "b");
        rawSet(full("some:3"), "c");
        ServiceFixture.Response deleted = fixture.delete("/api/v2/cache?ids=some:1,some:2,some:none", key);
        assertEquals(200, deleted.status(), deleted.toString());
        assertEquals(2, deleted.json().path("resource").size());
        assertNull(rawGet(full("some:1")));
        assertEquals("c", rawGet(full("some:3")));
    }

    // ---- keys and permissions

    @Test
    void everyHeaderStyleIsAccepted() throws Exception {
        rawSet(full("hdr"), "ok");
        for (String header : List.of("X-DreamFactory-API-Key", "X-Api-Key")) {
            assertEquals(200, fixture.send(fixture.request("/api/v2/cache/hdr", null).header(header, key).GET()).status());
        }
        assertEquals(200, fixture.send(fixture.request("/api/v2/cache/hdr", null)
                .header("Authorization", "Bearer " + key).GET()).status());
    }

    @Test
    void withoutAValidKeyIs401() {
        ServiceFixture.Response none = fixture.get("/api/v2/cache/anything", null);
        assertEquals(401, none.status(), none.toString());
        assertEquals(401, none.json().path("error").path("code").asInt());
        assertNotNull(none.header("WWW-Authenticate"));
        assertEquals(401, fixture.get("/api/v2", null).status());
        String revoked = fixture.keys.create("soon-revoked", List.of("*"), List.of("*")).key();
        assertEquals(404, fixture.get("/api/v2/cache/anything", revoked).status());
        assertTrue(fixture.keys.revoke("soon-revoked"));
        assertEquals(401, fixture.get("/api/v2/cache/anything", revoked).status());
        String tampered = key.substring(0, key.length() - 2) + (key.endsWith("AA") ? "BB" : "AA");
        assertEquals(401, fixture.get("/api/v2/cache/anything", tampered).status());
    }

    @Test
    void aKeyWithoutTheServiceOrMethodIs403() {
        String readOnly = fixture.keys.create("read-only", List.of("cache"), List.of("GET")).key();
        assertEquals(404, fixture.get("/api/v2/cache/nothing:here", readOnly).status());
        ServiceFixture.Response wrongMethod = fixture.post("/api/v2/cache", readOnly, Map.of("key", "k", "value", "v"));
        assertEquals(403, wrongMethod.status(), wrongMethod.toString());
        ServiceFixture.Response wrongService = fixture.get("/api/v2/mystore/k", readOnly);
        assertEquals(403, wrongService.status(), wrongService.toString());
        assertEquals(403, fixture.get("/api/v2/nosuchservice/k", readOnly).status(), "403 before 404: nothing learned");
        assertEquals(404, fixture.get("/api/v2/nosuchservice/k", key).status());
    }

    // ---- bad payloads

    @Test
    void badPayloadsAre400NamingTheField() {
        assertField("key", fixture.post("/api/v2/cache", key, Map.of("value", "v")));
        assertField("key", fixture.post("/api/v2/cache", key, Map.of("key", "", "value", "v")));
        assertField("value", fixture.post("/api/v2/cache", key, Map.of("key", "k")));
        assertField("ttl", fixture.post("/api/v2/cache", key, Map.of("key", "k", "value", "v", "ttl", -1)));
        assertField("ttl", fixture.post("/api/v2/cache", key, Map.of("key", "k", "value", "v", "ttl", 1.5)));
        assertField("ttl", fixture.post("/api/v2/cache", key, Map.of("key", "k", "value", "v", "ttl", "3600")));
        assertField("resource[1].value", fixture.post("/api/v2/cache", key, Map.of("resource",
                List.of(Map.of("key", "a", "value", 1), Map.of("key", "b")))));
        assertField("resource", fixture.put("/api/v2/cache", key, Map.of("resource", List.of())));
        assertField("key", fixture.put("/api/v2/cache/path-key", key, Map.of("key", "other", "value", 1)));
        assertField("value", fixture.put("/api/v2/cache/path-key", key, Map.of("ttl", 5)));
        assertEquals(400, fixture.post("/api/v2/cache", key, "{\"key\": ").status(), "not JSON");
        assertEquals(400, fixture.post("/api/v2/cache", key, "[1, 2]").status(), "not an object");
        assertEquals(400, fixture.send(fixture.request("/api/v2/cache", key)
                .POST(HttpRequest.BodyPublishers.noBody())).status(), "empty");
    }

    private static void assertField(String field, ServiceFixture.Response response) {
        assertEquals(400, response.status(), response.toString());
        assertEquals(field, response.errorField(), response.toString());
    }

    @Test
    void aBodyOverTheLimitIs413WithOrWithoutContentLength() throws Exception {
        String big = "x".repeat(MAX_BODY + 1);
        ServiceFixture.Response sized = fixture.post("/api/v2/cache", key, Map.of("key", "big", "value", big));
        assertEquals(413, sized.status(), sized.toString());
        assertEquals(413, sized.json().path("error").path("code").asInt());
        byte[] bytes = ServiceFixture.JSON.writeValueAsBytes(Map.of("key", "big", "value", big));
        ServiceFixture.Response chunked = fixture.send(fixture.request("/api/v2/cache", key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));
        assertEquals(413, chunked.status(), chunked.toString());
        assertNull(rawGet(full("big")));
        String fits = "y".repeat(MAX_BODY / 2);
        assertEquals(201, fixture.post("/api/v2/cache", key, Map.of("key", "fits", "value", fits)).status());
    }

    // ---- unavailable backend, unknown routes

    @Test
    void anUnreachableBackendIs503WithRetryAfter() {
        ServiceFixture.Response down = fixture.get("/api/v2/down/k", key);
        assertEquals(503, down.status(), down.toString());
        assertEquals(String.valueOf(ServiceErrors.UNAVAILABLE_RETRY_SECONDS), down.header("Retry-After"));
        assertEquals(503, down.json().path("error").path("code").asInt());
        assertEquals(503, fixture.post("/api/v2/down", key, Map.of("key", "k", "value", 1)).status());
        assertEquals(503, fixture.delete("/api/v2/down", key).status());
    }

    @Test
    void aBackendRefusingItsPasswordIsA503WithoutThePassword() {
        // The machine's Redis has no password: AUTH with one fails, and the answer must not quote it.
        ServiceFixture.Response refused = fixture.get("/api/v2/locked/k", key);
        assertEquals(503, refused.status(), refused.toString());
        assertFalse(refused.body().contains(secret), refused.body());
        assertNotNull(refused.header("Retry-After"));
    }

    @Test
    void unknownPathsAre404InTheServiceShape() {
        ServiceFixture.Response response = fixture.get("/nothing/here", key);
        assertEquals(404, response.status());
        assertEquals(404, response.json().path("error").path("code").asInt());
    }

    @Test
    void healthAnswersWithoutAKey() {
        ServiceFixture.Response live = fixture.get("/health", null);
        assertEquals(200, live.status());
        assertEquals("UP", live.json().path("status").asText());
        ServiceFixture.Response ready = fixture.get("/health/ready", null);
        assertEquals(503, ready.status(), "caches.Down is down: " + ready);
        assertEquals("UP", ready.json().path("services").path("cache").asText());
        assertEquals("DOWN", ready.json().path("services").path("down").asText());
    }

    @Test
    void theApiKeyFileHoldsNoKey() throws Exception {
        Path file = fixture.appDir.resolve(ApiKeys.FILE);
        String stored = Files.readString(file, StandardCharsets.UTF_8);
        assertFalse(stored.contains(key.substring(16)), "the secret part is not stored");
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(file)));
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }
}
