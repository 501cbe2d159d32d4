package dev.elementkit.devportal.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Who may talk to the portal, decided by the address it is bound to; and what its errors look like. A real host over
 * an app without plugins is enough for this: no plugin JAR is needed.
 */
class PortalAccessTest {

    private static final String TOKEN = "test-token-" + "0123456789abcdef";

    @Test
    void loopbackPortalAnswersWithoutTokenButOnlyToLoopbackHostNames() throws Exception {
        try (PortalFixture portal = PortalFixture.start()) {
            assertFalse(portal.server.settings().requiresToken());
            assertEquals(200, portal.get("/api/elements").status());
            assertEquals(200, portal.get("/").status());
            int port = portal.server.port();
            assertEquals(200, portal.raw("GET /api/elements HTTP/1.1\nHost: localhost:" + port).status());
            // DNS rebinding: a foreign name that resolves to 127.0.0.1 must not reach the API.
            PortalFixture.Response rebound = portal.raw("GET /api/elements HTTP/1.1\nHost: evil.example:" + port);
            assertEquals(403, rebound.status(), rebound.toString());
            assertTrue(rebound.json().path("errors").get(0).path("message").asText().contains("loopback"));
        }
    }

    @Test
    void changesFromAnotherSiteAreRefused() throws Exception {
        try (PortalFixture portal = PortalFixture.start()) {
            int port = portal.server.port();
            String put = "PUT /api/variables/%s HTTP/1.1\nHost: 127.0.0.1:" + port
                    + "\nContent-Type: application/json\nOrigin: %s";
            String body = "{\"value\": \"x\"}";
            PortalFixture.Response foreign = portal.raw(put.formatted("CSRF_PROBE", "http://evil.example"), body);
            assertEquals(403, foreign.status(), foreign.toString());
            assertTrue(portal.host.variables().list().stream().noneMatch(v -> v.name().equals("CSRF_PROBE")));
            // The portal's own page sends its own origin.
            PortalFixture.Response own = portal.raw(put.formatted("OWN_ORIGIN", "http://127.0.0.1:" + port), body);
            assertEquals(200, own.status(), own.toString());
            assertTrue(portal.host.variables().list().stream().anyMatch(v -> v.name().equals("OWN_ORIGIN") && v.isSet()));
        }
    }

    @Test
    void portalBoundToAllAddressesWantsTheTokenForEveryRequest() throws Exception {
        PortalSettings settings = PortalSettings.of("0.0.0.0", 0, TOKEN);
        assertTrue(settings.requiresToken());
        try (PortalFixture portal = PortalFixture.start(settings, Map.of())) {
            for (String path : List.of("/", "/js/main.js", "/api/elements", "/api/element-types", "/api/plugins",
                    "/api/variables", "/api/events")) {
                PortalFixture.Response response = portal.get(path);
                assertEquals(401, response.status(), path + ": " + response);
                assertTrue(response.json().path("errors").get(0).path("message").asText().contains("token"), path);
            }
            assertEquals(401, portal.withToken("wrong-token-0123456789").get("/api/elements").status());
            portal.withToken(null);
            assertEquals(401, portal.put("/api/variables/X", "{}").status());

            portal.withToken(TOKEN);
            assertEquals(200, portal.get("/api/elements").status());
            assertEquals(200, portal.get("/").status());
            portal.withToken(null);
            assertEquals(200, portal.send(portal.request("/api/elements").header("X-API-Token", TOKEN)).status());

            // The printed link: the token moves into a cookie and out of the address.
            PortalFixture.Response link = portal.get("/?token=" + TOKEN);
            assertEquals(303, link.status(), link.toString());
            assertEquals("/", link.header("Location"));
            String cookie = link.header("Set-Cookie");
            assertNotNull(cookie);
            assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
            String pair = cookie.substring(0, cookie.indexOf(';'));
            PortalFixture.Response page = portal.send(portal.request("/").header("Cookie", pair));
            assertEquals(200, page.status());
            assertTrue(page.body().contains("Developer Portal"));
            assertEquals(401, portal.get("/?token=not-the-token-0123456").status());
        }
    }

    @Test
    void onLoopbackTooTheApiWantsTheTokenFromThePrintedLinkButLeavesTheServiceApiToItsKeys() throws Exception {
        try (PortalFixture portal = PortalFixture.start(PortalSettings.of("127.0.0.1", 0, null), Map.of())) {
            for (String path : List.of("/api/elements", "/api/plugins", "/api/variables", "/")) {
                assertEquals(401, portal.get(path).status(), path);
            }
            assertEquals(401, portal.postBytes("/api/plugins?filename=x.jar", new byte[] {1}, "application/java-archive")
                    .status(), "no upload without the token: a plugin runs code as the developer");
            // The cache-service API checks its own API keys, not the portal's token: its 401 asks for an API key.
            PortalFixture.Response service = portal.get("/api/v2/some-service/some-key");
            assertEquals(401, service.status());
            assertTrue(service.body().contains("no API key"), service.body());

            URI link = portal.server.link();
            assertTrue(link.getQuery().startsWith("token="), link.toString());
            PortalFixture.Response followed = portal.get(link.getPath() + "?" + link.getQuery());
            assertEquals(303, followed.status(), followed.toString());
            String cookie = followed.header("Set-Cookie");
            assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
            String pair = cookie.substring(0, cookie.indexOf(';'));
            assertEquals(200, portal.send(portal.request("/api/elements").header("Cookie", pair)).status());
        }
    }

    @Test
    void theTokenIsSwitchedOffOnLoopbackOnlyAndIsLongEnough() {
        assertThrows(IllegalArgumentException.class, () -> new PortalSettings("0.0.0.0", 0, "short"));
        assertThrows(IllegalArgumentException.class, () -> new PortalSettings("0.0.0.0", 0, null));
        assertThrows(IllegalArgumentException.class, () -> PortalSettings.withoutToken("0.0.0.0", 0));
        String made = PortalSettings.of("0.0.0.0", 0, null).apiToken();
        assertTrue(made.length() >= 40, made);
        assertTrue(PortalSettings.of("127.0.0.1", 0, "chosen-token-0123456789").requiresToken());
        assertTrue(PortalSettings.of("localhost", 0, null).requiresToken(), "loopback asks a token too");
        assertFalse(PortalSettings.withoutToken("localhost", 0).requiresToken());
        assertFalse(PortalSettings.of("0.0.0.0", 0, null).toString().contains(PortalSettings.of("0.0.0.0", 0, TOKEN).apiToken()));
    }

    @Test
    void errorsAreJsonWithoutStackTracesOrEchoedInput() throws Exception {
        try (PortalFixture portal = PortalFixture.start()) {
            PortalFixture.Response unknown = portal.get("/api/nothing-here");
            assertEquals(404, unknown.status());
            assertEquals(1, unknown.json().path("errors").size());

            String secretish = "hunter2-" + System.nanoTime();
            PortalFixture.Response broken = portal.post("/api/elements", "{\"config\": {\"password\": \"" + secretish);
            assertEquals(400, broken.status(), broken.toString());
            assertFalse(broken.body().contains(secretish), broken.body());
            assertTrue(broken.json().path("errors").get(0).path("message").asText().contains("not valid JSON"));

            PortalFixture.Response notJson = portal.send(portal.request("/api/elements")
                    .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("{}")));
            assertEquals(400, notJson.status());

            PortalFixture.Response array = portal.post("/api/elements", "[1, 2]");
            assertEquals(400, array.status());

            for (String body : portal.received()) {
                assertFalse(body.contains("\tat ") || body.contains("Exception"), body);
            }
        }
    }

    @Test
    void pageFilesComeWithAContentSecurityPolicy() throws Exception {
        try (PortalFixture portal = PortalFixture.start()) {
            PortalFixture.Response page = portal.get("/");
            assertEquals(200, page.status());
            assertTrue(page.body().contains("id=\"add-element\""));
            assertTrue(page.header("Content-Security-Policy").contains("script-src 'self'"));
            assertEquals("nosniff", page.header("X-Content-Type-Options"));
            // Module scripts run only with a JavaScript type (the page sends nosniff): each module and uPlot.
            for (String module : List.of("/js/main.js", "/js/schema-form.js", "/js/charts.js",
                    "/vendor/uplot/uPlot.esm.js")) {
                PortalFixture.Response script = portal.get(module);
                assertEquals(200, script.status(), module);
                assertTrue(script.header("Content-Type").contains("javascript"), module + ": " + script.header("Content-Type"));
            }
            assertEquals(200, portal.get("/style.css").status());
        }
    }
}
