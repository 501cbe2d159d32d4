package dev.elementkit.devportal.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * Where the portal listens and whether callers must show an API token.
 *
 * <p>As Jupyter does, every request needs the token, on loopback too: any local process or user could otherwise
 * upload a plugin, which runs code as the developer. {@code devportal serve} prints a link carrying it; the page
 * keeps it in a cookie. Only on a loopback address may the token be switched off ({@link #withoutToken}); the portal
 * then still refuses foreign {@code Host} and {@code Origin} headers, which stops DNS rebinding and cross-site
 * requests.
 *
 * @param bindAddress the address to listen on, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port        the port; 0 picks a free one
 * @param apiToken    the token callers show; null only on a loopback address, when it was switched off
 */
public record PortalSettings(String bindAddress, int port, String apiToken) {

    /** Shortest token accepted from the environment: guessing must stay out of reach. */
    public static final int MIN_TOKEN_LENGTH = 16;

    public PortalSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range: use 0 to 65535 (0 picks a free port)");
        }
        if (apiToken == null && !isLoopback(bindAddress)) {
            throw new IllegalArgumentException("bound to " + bindAddress + " the portal needs an API token: the token"
                    + " can be switched off on a loopback address only");
        }
        if (apiToken != null && apiToken.length() < MIN_TOKEN_LENGTH) {
            throw new IllegalArgumentException("the API token must have at least " + MIN_TOKEN_LENGTH + " characters");
        }
    }

    /** Settings for {@code bindAddress} with {@code tokenOrNull}, or a fresh random token when none is given. */
    public static PortalSettings of(String bindAddress, int port, String tokenOrNull) {
        return new PortalSettings(bindAddress, port, tokenOrNull == null || tokenOrNull.isEmpty() ? newToken()
                : tokenOrNull);
    }

    /**
     * A portal that asks no token ({@code --no-token}): anyone who can connect to it can use it.
     *
     * @throws IllegalArgumentException unless {@code bindAddress} is a loopback address
     */
    public static PortalSettings withoutToken(String bindAddress, int port) {
        if (!isLoopback(bindAddress)) {
            throw new IllegalArgumentException("--no-token is allowed on a loopback address only, not on "
                    + bindAddress);
        }
        return new PortalSettings(bindAddress, port, null);
    }

    /** A tokenless portal on 127.0.0.1, as {@link #withoutToken}: for embedding and tests that do not test access. */
    public static PortalSettings loopback(int port) {
        return withoutToken("127.0.0.1", port);
    }

    /** True when the portal listens on a loopback address, so the {@code Host} header must name loopback too. */
    public boolean loopbackBind() {
        return isLoopback(bindAddress);
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
