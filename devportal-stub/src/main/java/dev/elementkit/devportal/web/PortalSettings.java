package dev.elementkit.devportal.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * Where the portal listens and whether callers must show an API token.
 *
 * <p>The bind address decides: bound to a loopback address only this machine can connect, so no token is asked
 * (the portal still refuses foreign {@code Host} and {@code Origin} headers, which stops DNS rebinding and
 * cross-site requests). Bound to any other address, every request, the page included, needs the token.
 *
 * @param bindAddress the address to listen on, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port        the port; 0 picks a free one
 * @param apiToken    the token callers show; null exactly when {@code bindAddress} is a loopback address
 */
public record PortalSettings(String bindAddress, int port, String apiToken) {

    /** Shortest token accepted from the environment: guessing must stay out of reach. */
    public static final int MIN_TOKEN_LENGTH = 16;

    public PortalSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range: use 0 to 65535 (0 picks a free port)");
        }
        boolean loopback = isLoopback(bindAddress);
        if (!loopback && (apiToken == null || apiToken.length() < MIN_TOKEN_LENGTH)) {
            throw new IllegalArgumentException("bound to " + bindAddress + " the portal needs an API token of at least "
                    + MIN_TOKEN_LENGTH + " characters");
        }
        if (loopback) {
            apiToken = null;
        }
    }

    /** Settings for {@code bindAddress}: a token is made when the address is not loopback and none is given. */
    public static PortalSettings of(String bindAddress, int port, String tokenOrNull) {
        String token = tokenOrNull;
        if (!isLoopback(bindAddress) && (token == null || token.isEmpty())) {
            token = newToken();
        }
        return new PortalSettings(bindAddress, port, token);
    }

    /** The usual local portal: loopback, no token. */
    public static PortalSettings loopback(int port) {
        return new PortalSettings("127.0.0.1", port, null);
    }

    /** True when requests must carry the API token. */
    public boolean requiresToken() {
        return apiToken != null;
    }

    /** A fresh random token (256 bits, URL-safe). */
    public static String newToken() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * True when {@code address} is a loopback address ({@code 127.0.0.0/8}, {@code ::1}, {@code localhost}).
     *
     * @throws IllegalArgumentException when the address does not resolve
     */
    public static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("cannot bind to '" + address + "': the address does not resolve", e);
        }
    }

    @Override
    public String toString() {
        // A record's toString would print the token; settings get logged.
        return "PortalSettings[bindAddress=" + bindAddress + ", port=" + port + ", token=" + (requiresToken() ? "set" : "none") + "]";
    }
}
