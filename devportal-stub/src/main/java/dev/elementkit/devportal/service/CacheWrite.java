package dev.elementkit.devportal.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One write a request asks for, checked field by field so that a bad payload is a 400 naming the field
 * ({@code key}, {@code ttl}, {@code resource[2].value}).
 *
 * @param key        the cache key, without the app prefix
 * @param value      the text to store ({@link ServiceJson#stored})
 * @param ttlSeconds the TTL the request gives, 0 for never expire; null when it gives none (the service's default
 *                   applies)
 */
record CacheWrite(String key, String value, Long ttlSeconds) {

    /** Most entries in one {@code {"resource": […]}}: bounds the work of one request. */
    static final int MAX_ENTRIES = 1000;

    /** {@code {"key", "value", "ttl"}}, or {@code {"resource": [{"key", "value", "ttl"}, …]}}. */
    static List<CacheWrite> many(JsonNode body) {
        JsonNode resource = body.get("resource");
        if (resource == null) {
            return List.of(one(body, "", null));
        }
        if (!resource.isArray() || resource.isEmpty()) {
            throw ServiceException.badRequest("resource", "resource must be a non-empty array of {\"key\", \"value\","
                    + " \"ttl\"} objects");
        }
        if (resource.size() > MAX_ENTRIES) {
            throw ServiceException.badRequest("resource", "resource holds " + resource.size() + " entries: send at most "
                    + MAX_ENTRIES + " per request");
        }
        List<CacheWrite> writes = new ArrayList<>();
        for (int i = 0; i < resource.size(); i++) {
            writes.add(one(resource.get(i), "resource[" + i + "].", null));
        }
        return writes;
    }

    /**
     * One entry; {@code pathKey} is the key the URL names ({@code PUT /api/v2/cache/{key}}), which the body may
     * leave out but not contradict.
     */
    static CacheWrite one(JsonNode entry, String prefix, String pathKey) {
        if (!entry.isObject()) {
            throw ServiceException.badRequest(prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1),
                    "expected an object like {\"key\": \"user:1\", \"value\": {…}, \"ttl\": 3600}");
        }
        JsonNode keyNode = entry.get("key");
        String key;
        if (pathKey != null) {
            if (keyNode != null && !keyNode.isNull() && !pathKey.equals(keyNode.asText())) {
                throw ServiceException.badRequest(prefix + "key", "key differs from the key in the URL: leave it out");
            }
            key = pathKey;
        } else if (keyNode == null || !keyNode.isTextual() || keyNode.textValue().isEmpty()) {
            throw ServiceException.badRequest(prefix + "key", prefix + "key is required: a non-empty string such as"
                    + " \"user:123:profile\"");
        } else {
            key = keyNode.textValue();
        }
        JsonNode value = entry.get("value");
        if (value == null || value.isNull()) {
            throw ServiceException.badRequest(prefix + "value", prefix + "value is required: a string, number,"
                    + " boolean, object or array");
        }
        return new CacheWrite(key, ServiceJson.stored(value), ttl(entry.get("ttl"), prefix + "ttl"));
    }

    private static Long ttl(JsonNode ttl, String field) {
        if (ttl == null || ttl.isNull()) {
            return null;
        }
        if (!ttl.canConvertToExactIntegral() || ttl.asLong() < 0 || ttl.asLong() > ServiceDirectory.MAX_TTL_SECONDS) {
            throw ServiceException.badRequest(field, field + " must be a whole number of seconds from 0 (never expire)"
                    + " to " + ServiceDirectory.MAX_TTL_SECONDS);
        }
        return ttl.asLong();
    }

    /** The TTL to write with: the request's, else the service's default; 0 = never expire. */
    long effectiveTtl(CacheService service) {
        return ttlSeconds != null ? ttlSeconds : service.defaultTtlSeconds();
    }
}
