package dev.elementkit.devportal.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI 3 document of {@code /api/v2}, served at {@code /api/v2/openapi.json}. Written by hand next to this
 * class ({@code openapi.json}) rather than generated: the routes are few, and a test holds document and routes
 * together.
 */
final class OpenApiDocument {

    static final String RESOURCE = "openapi.json";

    private OpenApiDocument() {
    }

    static byte[] bytes() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing beside " + OpenApiDocument.class.getName()
                        + ": the build packs it from src/main/resources");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
