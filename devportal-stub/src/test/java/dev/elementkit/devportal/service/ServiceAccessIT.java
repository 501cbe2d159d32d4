package dev.elementkit.devportal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.devportal.web.PortalServer;
import dev.elementkit.devportal.web.PortalSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the service does beside the contract: the failed-key throttle on a real server, and {@code devportal serve}
 * answering {@code /api/v2} beside its page.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ServiceAccessIT {

    @Test
    void aClientSendingWrongKeysIsHeldBackWith429() throws Exception {
        try (ServiceFixture fixture = ServiceFixture.create("Throttle").start(CacheServices.DEFAULT_MAX_BODY_BYTES)) {
            String good = fixture.keyForAll("good");
            for (int i = 0; i < FailedKeyThrottle.DEFAULT_MAX_FAILURES; i++) {
                assertEquals(401, fixture.get("/api/v2/cache/k", "ek_0123456789ab_guess" + i).status());
            }
            ServiceFixture.Response held = fixture.get("/api/v2/cache/k", "ek_0123456789ab_guess");
            assertEquals(429, held.status(), held.toString());
            assertEquals(String.valueOf(FailedKeyThrottle.DEFAULT_WINDOW.toSeconds()), held.header("Retry-After"));
            assertEquals(429, fixture.get("/api/v2/cache/k", good).status(), "even a right key waits out the window");
            assertEquals(401, fixture.get("/api/v2/cache/k", null).status(), "no key at all is not a guess");
        }
    }

    @Test
    void thePortalServesTheApiBesideItsPage() throws Exception {
        try (ServiceFixture fixture = ServiceFixture.create("Portal").start(CacheServices.DEFAULT_MAX_BODY_BYTES);
             PortalServer portal = PortalServer.start(fixture.host, PortalSettings.loopback(0))) {
            String key = fixture.keyForAll("portal");
            HttpClient client = HttpClient.newHttpClient();
            URI base = portal.uri();
            HttpResponse<String> page = client.send(HttpRequest.newBuilder(base).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("<html") || page.body().contains("<!DOCTYPE"), "the page");

            HttpResponse<String> stored = client.send(HttpRequest.newBuilder(base.resolve("/api/v2/cache"))
                    .header("X-DreamFactory-API-Key", key).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"key\": \"p\", \"value\": \"from the portal\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, stored.statusCode(), stored.body());
            HttpResponse<String> read = client.send(HttpRequest.newBuilder(base.resolve("/api/v2/cache/p"))
                    .header("X-Api-Key", key).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("\"from the portal\"", read.body());
            HttpResponse<String> refused = client.send(HttpRequest.newBuilder(base.resolve("/api/v2/cache/p")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, refused.statusCode(), "the portal's loopback access does not open the API");
            assertEquals(401, ServiceFixture.JSON.readTree(refused.body()).path("error").path("code").asInt());
        }
    }
}
