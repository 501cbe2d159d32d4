package dev.elementkit.devportal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The OpenAPI document names exactly the routes the service registers, and every operation says its statuses. */
class OpenApiDocumentTest {

    static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    /** {@code GET /api/v2/{service}/{key}} for every operation of the document. */
    static Set<String> documented(JsonNode document) {
        Set<String> operations = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (METHODS.contains(method)) {
                    operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            });
        }
        return operations;
    }

    static JsonNode document() throws Exception {
        return ServiceFixture.JSON.readTree(OpenApiDocument.bytes());
    }

    @Test
    void theDocumentNamesExactlyTheRegisteredRoutes() throws Exception {
        Set<String> registered = new TreeSet<>();
        for (CacheServiceRoutes.Route route : new CacheServiceRoutes(null, null, null, 1).routes()) {
            registered.add(route.method().name() + " " + route.path().replace("<key>", "{key}"));
        }
        assertEquals(registered, documented(document()));
    }

    @Test
    void everyOperationIsOpenApi3WithStatusesAndAnId() throws Exception {
        JsonNode document = document();
        assertTrue(document.path("openapi").asText().startsWith("3."), "OpenAPI 3");
        Set<String> ids = new TreeSet<>();
        document.path("paths").forEach(path -> path.fields().forEachRemaining(operation -> {
            if (METHODS.contains(operation.getKey())) {
                assertTrue(operation.getValue().path("responses").size() > 0, operation.toString());
                assertTrue(ids.add(operation.getValue().path("operationId").asText()), "unique operationId");
            }
        }));
        document.findValues("$ref").forEach(ref -> {
            String[] parts = ref.asText().substring(2).split("/");
            JsonNode target = document;
            for (String part : parts) {
                target = target.path(part);
            }
            assertTrue(!target.isMissingNode(), "dangling " + ref.asText());
        });
    }
}
