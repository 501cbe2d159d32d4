package dev.elementkit.devportal.runtime;

import java.nio.file.Path;
import java.util.Map;

/**
 * An element as its files declare it, with placeholders unresolved.
 *
 * @param fullName  e.g. {@code caches.MyRedis}
 * @param type      from {@code e.json}
 * @param title     from {@code e.json}
 * @param config    {@code <Name>.json} as read, {@code {{VAR}}} placeholders kept; empty when the type takes none
 * @param folder    the element's folder
 */
public record ElementDefinition(String fullName, String type, String title, Map<String, Object> config,
                                Path folder) {
}
