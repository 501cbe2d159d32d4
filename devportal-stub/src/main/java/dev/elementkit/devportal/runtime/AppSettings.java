package dev.elementkit.devportal.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code app.json} says: the app's id and its settings.
 *
 * <pre>{@code
 * {"appId": "demo.CacheDemo", "name": "CacheDemo", "title": "...", "version": "1.0.0",
 *  "settings": {"defaultElement": {"defaultCache": "caches.Default"},
 *               "server": false, "redis": {"url": "redis://{{REDIS_HOST}}:6379/0"}}}
 * }</pre>
 *
 * @param appId    the id cache keys are prefixed with
 * @param settings the {@code settings} object; an empty object when absent
 * @param file     the {@code app.json} read
 */
record AppSettings(String appId, JsonNode settings, Path file) {

    static final String FILE_NAME = "app.json";

    /**
     * Reads {@code <appDir>/app.json}.
     *
     * @throws IllegalArgumentException naming the file (and the field) when it is missing, malformed or has no appId
     */
    static AppSettings read(Path appDir, ObjectMapper mapper) {
        Path file = appDir.resolve(FILE_NAME);
        if (!Files.isDirectory(appDir)) {
            throw new IllegalArgumentException("the app folder " + appDir + " does not exist: pass --app DIR pointing"
                    + " at a folder that holds app.json");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " is missing: an app folder holds app.json with at least"
                    + " {\"appId\": \"my.App\"}");
        }
        JsonNode tree;
        try {
            tree = StrictJson.read(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new IllegalArgumentException(file + ": expected a JSON object like {\"appId\": \"my.App\"}");
        }
        JsonNode appId = tree.get("appId");
        if (appId == null || !appId.isTextual() || appId.asText().isBlank()) {
            throw new IllegalArgumentException(file + ": field 'appId' is missing or empty; it names the app and"
                    + " prefixes its cache keys, e.g. \"appId\": \"wanyun.MyApp\"");
        }
        if (appId.asText().contains(":")) {
            throw new IllegalArgumentException(file + ": field 'appId' must not contain ':' (it separates the key prefix)");
        }
        JsonNode settings = tree.path("settings");
        return new AppSettings(appId.asText(), settings.isObject() ? settings : mapper.createObjectNode(), file);
    }

    /** {@code settings.defaultElement.<kind>}, e.g. {@code defaultCache → caches.Default}. */
    Optional<String> defaultElement(String kind) {
        JsonNode name = settings.path("defaultElement").path(kind);
        return name.isTextual() && !name.asText().isBlank() ? Optional.of(name.asText()) : Optional.empty();
    }

    /** {@code settings.server}: true when this app runs on a server install, where the built-in cache is Redis. */
    boolean server() {
        return settings.path("server").asBoolean(false);
    }

    /** {@code settings.redis.url}, placeholders kept. */
    Optional<String> redisUrl() {
        JsonNode url = settings.path("redis").path("url");
        return url.isTextual() && !url.asText().isBlank() ? Optional.of(url.asText()) : Optional.empty();
    }
}
