package dev.elementkit.devportal.service;

import java.util.Locale;

/**
 * How a cache element's fullName becomes its service name, the path segment in {@code /api/v2/{service}}: the
 * part after {@code caches.}, lower-cased, further dots as underscores ({@code caches.MyRedis → myredis},
 * {@code caches.team.Shared → team_shared}). {@code caches.Default}, the app's built-in cache, is {@code cache},
 * so that DreamFactory's examples ({@code /api/v2/cache}) work as written.
 *
 * <p>Lower case because DreamFactory's service names are; underscores so that a service name never holds a dot
 * and can never be confused with {@code /api/v2/openapi.json}.
 */
final class ServiceNames {

    static final String FAMILY_PREFIX = "caches.";
    static final String DEFAULT_ELEMENT = "caches.Default";
    static final String DEFAULT_SERVICE = "cache";

    private ServiceNames() {
    }

    /** True for the elements that become services: those of the {@code caches} family. */
    static boolean isCacheElement(String fullName) {
        return fullName.startsWith(FAMILY_PREFIX) && fullName.length() > FAMILY_PREFIX.length();
    }

    /** The service name of a cache element ({@link #isCacheElement} must hold). */
    static String of(String fullName) {
        if (fullName.equals(DEFAULT_ELEMENT)) {
            return DEFAULT_SERVICE;
        }
        return fullName.substring(FAMILY_PREFIX.length()).toLowerCase(Locale.ROOT).replace('.', '_');
    }
}
