package dev.elementkit.devportal.service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@code devportal api} serves.
 *
 * @param bindAddress      the address to listen on
 * @param port             the port; 0 picks a free one
 * @param keyStore         a PKCS#12 (or JKS) key store with the server's certificate and key: serve HTTPS; null
 *                         for plain HTTP (behind a TLS-terminating load balancer, or on loopback)
 * @param keyStorePassword the key store's password; memory only
 * @param maxBodyBytes     largest request body; larger ones get 413
 * @param drainTimeout     how long a shutdown waits for requests in flight
 * @param requestLog       log one line per request (method, route, service, status, time, client, key id; never a
 *                         cache key, a value or an API key)
 */
public record ApiServerSettings(String bindAddress, int port, Path keyStore, String keyStorePassword,
                                long maxBodyBytes, Duration drainTimeout, boolean requestLog) {

    public ApiServerSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port " + port + " is out of range: use 0 to 65535 (0 picks a free port)");
        }
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("--max-body must be at least 1 byte");
        }
        if (keyStore != null && !Files.isReadable(keyStore)) {
            throw new IllegalArgumentException("--tls-keystore " + keyStore + " cannot be read");
        }
        if (keyStore != null && keyStorePassword == null) {
            throw new IllegalArgumentException("--tls-keystore needs its password in the environment variable named by"
                    + " --tls-password-env");
        }
    }

    /** Plain HTTP on {@code bindAddress:port} with the defaults. */
    public static ApiServerSettings plain(String bindAddress, int port) {
        return new ApiServerSettings(bindAddress, port, null, null, CacheServices.DEFAULT_MAX_BODY_BYTES,
                Duration.ofSeconds(10), true);
    }

    /** True when serving HTTPS. */
    public boolean tls() {
        return keyStore != null;
    }

    @Override
    public String toString() {
        // A record's toString would print the key store password; settings get logged.
        return "ApiServerSettings[bindAddress=" + bindAddress + ", port=" + port + ", tls=" + tls() + ", maxBodyBytes="
                + maxBodyBytes + ", drainTimeout=" + drainTimeout + ", requestLog=" + requestLog + "]";
    }
}
