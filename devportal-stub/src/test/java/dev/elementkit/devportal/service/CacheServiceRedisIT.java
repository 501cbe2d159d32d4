package dev.elementkit.devportal.service;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The cache-service contract on a real Redis: the machine's server on 127.0.0.1:6379, database 0, shared with other
 * tests and programs, so every key is under this run's own app id and flush is checked to leave the rest alone.
 * {@code caches.Default} is on Redis through {@code REDIS_URL}; {@code caches.MyStore} is a Redis element of its own.
 * The second client is {@code redis-cli}.
 */
class CacheServiceRedisIT extends CacheServiceContract {

    @Override
    void defineElements(ServiceFixture fixture) throws Exception {
        fixture.environment.put("REDIS_URL", ServiceFixture.SHARED_REDIS_URL);
        fixture.redisElement("caches.MyStore", 6379, 5.0);
    }

    @Override
    String rawGet(String fullKey) throws Exception {
        String reply = Programs.redisCli("GET", fullKey);
        // --no-raw prints nil as (nil) and a string as a quoted JSON-compatible literal.
        if (reply.equals("(nil)")) {
            return null;
        }
        JsonNode text = ServiceFixture.JSON.readTree(reply);
        return text.asText();
    }

    @Override
    void rawSet(String fullKey, String value) throws Exception {
        Programs.redisCli("SET", fullKey, value);
    }

    @Override
    void rawDelete(String fullKey) throws Exception {
        Programs.redisCli("DEL", fullKey);
    }
}
