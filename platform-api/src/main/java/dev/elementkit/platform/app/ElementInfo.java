package dev.elementkit.platform.app;

import java.nio.file.Path;

/**
 * An element as the app folder declares it, with its current status.
 *
 * @param fullName   e.g. {@code caches.MyRedis}
 * @param type       the Type's fullName from {@code e.json}, e.g. {@code caches.RedisType}; empty when unreadable
 * @param title      from {@code e.json}
 * @param status     see {@link ElementStatus}
 * @param error      why the element is broken (naming the file and field) or unavailable; {@code null} when it
 *                   is neither
 * @param folder     the element's folder
 *
 * @since 1.0.0
 */
public record ElementInfo(String fullName, String type, String title, ElementStatus status, String error,
                          Path folder) {
}
