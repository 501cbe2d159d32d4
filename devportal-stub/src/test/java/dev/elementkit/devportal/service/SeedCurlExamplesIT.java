package dev.elementkit.devportal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The two {@code curl} examples of the seed ({@code cache-services-overview.md}, "Example: Store a Value" and
 * "Example: Retrieve a Value"), run as written by the real {@code curl} through {@code bash}: only
 * {@code https://example.com} and {@code YOUR_API_KEY} are replaced. The service is {@code cache}
 * ({@code caches.Default}) on the machine's Redis, so the stored value is read back with {@code redis-cli} under
 * {@code {appId}:user:123:profile}, as a new user would.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SeedCurlExamplesIT {

    /** Verbatim from the seed. */
    static final String STORE = """
            curl -X POST "https://example.com/api/v2/cache" \\
              -H "X-DreamFactory-API-Key: YOUR_API_KEY" \\
              -H "Content-Type: application/json" \\
              -d '{
                "key": "user:123:profile",
                "value": {"name": "John", "email": "john@example.com"},
                "ttl": 3600
              }'
            """;

    /** Verbatim from the seed. */
    static final String RETRIEVE = """
            curl -X GET "https://example.com/api/v2/cache/user:123:profile" \\
              -H "X-DreamFactory-API-Key: YOUR_API_KEY"
            """;

    ServiceFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = ServiceFixture.create("Seed");
        fixture.environment.put("REDIS_URL", ServiceFixture.SHARED_REDIS_URL);
        fixture.start(CacheServices.DEFAULT_MAX_BODY_BYTES);
    }

    @AfterEach
    void stop() throws Exception {
        Programs.redisCli("DEL", fixture.appId + ":user:123:profile");
        fixture.close();
    }

    @Test
    void theSeedsCurlLinesWorkAsWritten() throws Exception {
        String key = fixture.keys.create("seed", List.of("cache"), List.of("GET", "POST", "DELETE")).key();
        String base = fixture.server.uri().toString().replaceAll("/$", "");

        JsonNode stored = ServiceFixture.JSON.readTree(curl(STORE, base, key));
        assertEquals("user:123:profile", stored.path("key").asText(), stored.toString());

        JsonNode retrieved = ServiceFixture.JSON.readTree(curl(RETRIEVE, base, key));
        assertEquals("John", retrieved.path("name").asText(), retrieved.toString());
        assertEquals("john@example.com", retrieved.path("email").asText());

        String inRedis = Programs.run(List.of(Programs.require("redis-cli", "redis-tools"), "-n", "0", "GET",
                fixture.appId + ":user:123:profile"));
        assertEquals(retrieved, ServiceFixture.JSON.readTree(inRedis), "redis-cli reads it under {appId}:key");
        long ttl = Long.parseLong(Programs.run(List.of("redis-cli", "-n", "0", "TTL", fixture.appId + ":user:123:profile")));
        assertTrue(ttl > 3500 && ttl <= 3600, "ttl " + ttl);

        ServiceFixture.Response flushed = fixture.delete("/api/v2/cache", key);
        assertEquals(200, flushed.status(), flushed.toString());
        assertEquals("", Programs.run(List.of("redis-cli", "-n", "0", "GET", fixture.appId + ":user:123:profile")));

        String withoutKey = curl(RETRIEVE.replace("-H \"X-DreamFactory-API-Key: YOUR_API_KEY\"", "-w ' %{http_code}'"),
                base, key);
        assertTrue(withoutKey.endsWith(" 401"), withoutKey);
    }

    /** Runs a seed example with bash, only the host and the key replaced. */
    private static String curl(String example, String base, String key) throws Exception {
        Programs.require("curl", "curl");
        String command = example.replace("https://example.com", base).replace("YOUR_API_KEY", key);
        return Programs.run(List.of("bash", "-c", command.replace("curl ", "curl -sS ")));
    }
}
