package dev.elementkit.devportal.runtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An element as a person (or a test) wants it written.
 *
 * @param fullName e.g. {@code caches.MyRedis}; must parse as a {@link dev.elementkit.platform.element.FullName}
 * @param type     the Type's fullName, e.g. {@code caches.RedisType}
 * @param title    shown in the element tree
 * @param config   the configuration fields by JSON name; values may be {@code {{VAR}}} placeholders
 */
public record ElementDraft(String fullName, String type, String title, Map<String, Object> config) {

    public ElementDraft {
        Objects.requireNonNull(fullName, "fullName");
        Objects.requireNonNull(type, "type");
        title = title == null || title.isBlank() ? fullName : title;
        config = config == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }
}
