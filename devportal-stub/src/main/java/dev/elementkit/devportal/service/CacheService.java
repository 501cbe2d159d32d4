package dev.elementkit.devportal.service;

/**
 * One cache element as an HTTP service.
 *
 * @param name              the path segment after {@code /api/v2/}, see {@link ServiceNames}
 * @param fullName          the element, e.g. {@code caches.MyRedis}
 * @param title             the element's title from {@code e.json}
 * @param defaultTtlSeconds the TTL of writes that send none; 0 means they never expire
 * @param problem           why the service cannot answer (a name claimed twice, a bad {@code service} section in
 *                          {@code e.json}), naming the file and field; null when it can
 */
record CacheService(String name, String fullName, String title, long defaultTtlSeconds, String problem) {
}
