package dev.elementkit.devportal.service;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The API keys of one app: created, listed and revoked by {@code devportal keys} (and the portal), verified by the
 * cache service on every request. Only a salted hash of each key is kept, in the app folder
 * ({@value #FILE}, owner-only, under {@code appData/} which git ignores), so that several {@code devportal api}
 * processes over copies of one app folder accept the same keys.
 *
 * <p>Thread-safe. A change made by another process (a {@code keys revoke} beside a running server) is seen by the
 * next request.
 */
public interface ApiKeys {

    /** Where the keys of an app live, relative to the app folder. */
    String FILE = "appData/api-keys.json";

    /** The keys of the app at {@code appRoot}. Nothing is read or written until first use. */
    static ApiKeys of(Path appRoot) {
        return new FileApiKeys(appRoot.resolve(FILE));
    }

    /**
     * Creates a key.
     *
     * @param name     unique, letters, digits, {@code . _ -}
     * @param services service names, or {@code *}
     * @param methods  HTTP methods, or {@code *}
     * @throws IllegalArgumentException naming the argument at fault (a taken name, an unknown method…)
     */
    CreatedApiKey create(String name, List<String> services, List<String> methods);

    /** Every key, oldest first, without the keys themselves. */
    List<ApiKeyInfo> list();

    /** Revokes the key with that id or name; false when there is none. */
    boolean revoke(String idOrName);

    /** The key a client presented, if it is one of these; compared in constant time. */
    Optional<ApiKeyInfo> verify(String presented);
}
