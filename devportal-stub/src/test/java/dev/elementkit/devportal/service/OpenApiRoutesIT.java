package dev.elementkit.devportal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The OpenAPI document against the running server: it is served at {@code /api/v2/openapi.json} without a key, and
 * each documented operation, called with a valid request, answers with a status the document lists for it.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class OpenApiRoutesIT {

    @Test
    void everyDocumentedOperationAnswersAsDocumented() throws Exception {
        try (ServiceFixture fixture = ServiceFixture.create("OpenApi").start(CacheServices.DEFAULT_MAX_BODY_BYTES)) {
            ServiceFixture.Response served = fixture.get("/api/v2/openapi.json", null);
            assertEquals(200, served.status());
            JsonNode document = served.json();
            assertEquals(OpenApiDocumentTest.document(), document);

            String key = fixture.keyForAll("openapi");
            List<String> checked = new ArrayList<>();
            for (String operation : OpenApiDocumentTest.documented(document)) {
                String method = operation.substring(0, operation.indexOf(' '));
                String template = operation.substring(operation.indexOf(' ') + 1);
                String path = template.replace("{service}", "cache").replace("{key}", "openapi:probe");
                JsonNode spec = document.path("paths").path(template).path(method.toLowerCase());
                boolean open = spec.has("security") && spec.path("security").isEmpty();
                String body = template.endsWith("{key}") ? "{\"value\": {\"probe\": true}, \"ttl\": 60}"
                        : "{\"key\": \"openapi:" + method.toLowerCase() + "\", \"value\": 1}";
                HttpRequest.Builder request = fixture.request(path, open ? null : key)
                        .header("Content-Type", "application/json")
                        .method(method, Set.of("POST", "PUT", "PATCH").contains(method)
                                ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
                ServiceFixture.Response response = fixture.send(request);
                assertTrue(spec.path("responses").has(String.valueOf(response.status())),
                        operation + " answered " + response + ", not a documented status");
                checked.add(operation + " " + response.status());
            }
            assertEquals(11, checked.size(), checked.toString());
            assertTrue(checked.contains("POST /api/v2/{service} 201"), checked.toString());
            assertTrue(checked.contains("PUT /api/v2/{service}/{key} 200"), checked.toString());
        }
    }
}
