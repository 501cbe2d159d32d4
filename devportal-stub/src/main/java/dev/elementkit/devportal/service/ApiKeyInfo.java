package dev.elementkit.devportal.service;

import java.util.List;
import java.util.Locale;

/**
 * An API key as it may be shown: never the key itself, which exists only in the answer to its creation.
 *
 * @param id        public part of the key, unique; names it in lists, logs and {@code keys revoke}
 * @param name      what the operator called it
 * @param services  the service names it may use; {@code *} for all
 * @param methods   the HTTP methods it may use ({@code GET}, {@code POST}, {@code PUT}, {@code PATCH},
 *                  {@code DELETE}); {@code *} for all
 * @param createdAt when it was created, ISO-8601 in UTC ({@code 2026-12-04T05:30:11Z}); text, so that any JSON
 *                  mapper writes it
 */
public record ApiKeyInfo(String id, String name, List<String> services, List<String> methods, String createdAt) {

    public static final String ALL = "*";
    public static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

    public ApiKeyInfo {
        services = List.copyOf(services);
        methods = List.copyOf(methods);
    }

    /** True when the key may call {@code service}. */
    public boolean allowsService(String service) {
        return services.contains(ALL) || services.contains(service);
    }

    /** True when the key may send {@code method} (HEAD counts as GET). */
    public boolean allowsMethod(String method) {
        String upper = method.toUpperCase(Locale.ROOT);
        return methods.contains(ALL) || methods.contains(upper.equals("HEAD") ? "GET" : upper);
    }
}
