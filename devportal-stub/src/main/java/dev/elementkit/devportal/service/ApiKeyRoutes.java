package dev.elementkit.devportal.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The portal's view of the API keys ({@code devportal keys} on a page): {@code GET /api/keys} lists them,
 * {@code POST /api/keys} creates one and answers with the key, the only time it is shown, {@code DELETE
 * /api/keys/{idOrName}} revokes one. These sit under the portal's own access rules (loopback or portal token), not
 * under API keys: whoever may edit the app may manage its keys. Errors are the portal's ({@code errors: [{field,
 * message}]}), since the page reads them.
 */
public final class ApiKeyRoutes {

    private final ApiKeys keys;

    public ApiKeyRoutes(ApiKeys keys) {
        this.keys = keys;
    }

    public void register(Javalin javalin) {
        javalin.get("/api/keys", ctx -> ctx.json(keys.list()));
        javalin.post("/api/keys", this::create);
        javalin.delete("/api/keys/{idOrName}", ctx -> {
            if (keys.revoke(ctx.pathParam("idOrName"))) {
                ctx.status(204);
            } else {
                ctx.status(404).json(Map.of("errors", List.of(Map.of("field", "", "message",
                        "no API key with the id or name '" + ctx.pathParam("idOrName") + "'"))));
            }
        });
    }

    private void create(Context ctx) throws IOException {
        JsonNode body = ServiceJson.MAPPER.readTree(ctx.bodyAsBytes());
        if (body == null || !body.isObject()) {
            throw new IllegalArgumentException("send {\"name\": \"web\", \"services\": [\"cache\"], \"methods\": [\"GET\"]}");
        }
        CreatedApiKey created = keys.create(body.path("name").asText(null), texts(body.path("services")),
                texts(body.path("methods")));
        ctx.status(201).json(Map.of("key", created.key(), "info", created.info()));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(n -> texts.add(n.asText()));
        } else if (array.isTextual()) {
            texts.addAll(List.of(array.asText().split(",")));
        }
        return texts;
    }
}
