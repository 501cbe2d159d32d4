package dev.elementkit.devportal.web;

import dev.elementkit.platform.element.FullName;

/** The element family a name belongs to: {@code caches} for {@code caches.Meta} and for {@code caches.MyRedis}. */
final class Families {

    private Families() {
    }

    static String ofMeta(String metaFullName) {
        return FullName.parse(metaFullName).family();
    }

    static String ofElement(String fullName) {
        return FullName.isValid(fullName) ? FullName.parse(fullName).family() : "";
    }
}
