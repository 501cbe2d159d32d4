package dev.elementkit.devportal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.elementkit.devportal.runtime.Host;
import dev.elementkit.devportal.runtime.HostOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two servers over one app folder and one Redis are interchangeable: what one writes the other reads, a key created
 * through one works on the other, a revoke reaches both, and a flush through one clears what the other wrote. Each
 * server has its own host (its own PF4J plugin loading and Redis connection), as two {@code devportal api}
 * processes would.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ScaleOutRedisIT {

    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void twoServersOnOneRedisAreInterchangeable() throws Exception {
        try (ServiceFixture first = ServiceFixture.create("ScaleOut")) {
            first.redisElement("caches.MyRedis", 6379, 5.0);
            first.start(CacheServices.DEFAULT_MAX_BODY_BYTES);
            try (Host secondHost = Host.open(new HostOptions(first.appDir, first.pluginsDir, Map.of(), false));
                 ApiServer second = ApiServer.start(secondHost, ApiKeys.of(first.appDir),
                         ApiServerSettings.plain("127.0.0.1", 0))) {
                String key = first.keys.create("both", List.of("myredis"), List.of("*")).key();
                URI a = first.server.uri();
                URI b = second.uri();

                assertEquals(201, send(a, "POST", "/api/v2/myredis", key,
                        "{\"key\": \"session:1\", \"value\": {\"user\": 7}, \"ttl\": 600}"));
                assertEquals(200, send(b, "GET", "/api/v2/myredis/session:1", key, null));
                assertEquals(400, send(b, "POST", "/api/v2/myredis", key, "{\"key\": \"session:1\", \"value\": 1}"),
                        "create means create across servers: add is atomic in Redis");
                assertEquals(200, send(b, "PUT", "/api/v2/myredis/session:2", key, "{\"value\": \"x\"}"));
                assertEquals(200, send(a, "GET", "/api/v2/myredis/session:2", key, null));

                assertEquals(200, send(b, "DELETE", "/api/v2/myredis", key, null));
                assertEquals(404, send(a, "GET", "/api/v2/myredis/session:1", key, null));
                assertEquals(404, send(a, "GET", "/api/v2/myredis/session:2", key, null));

                ApiKeys.of(first.appDir).revoke("both");
                assertEquals(401, send(a, "GET", "/api/v2/myredis/session:1", key, null));
                assertEquals(401, send(b, "GET", "/api/v2/myredis/session:1", key, null));
            }
        }
    }

    private int send(URI base, String method, String path, String key, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("X-Api-Key", key).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
    }
}
