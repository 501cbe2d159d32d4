package dev.elementkit.devportal.web;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides whether a request may reach the portal, before any route or static file runs.
 * <ul>
 * <li>Bound to loopback: the {@code Host} header must name a loopback host, so a web page whose DNS name was
 *     re-pointed at 127.0.0.1 (DNS rebinding) is refused.</li>
 * <li>Unless the token is switched off (loopback only): the API token must come as
 *     {@code Authorization: Bearer <token>}, as {@code X-API-Token}, or as the cookie the page gets by opening
 *     {@code /?token=<token>} once (the link {@code devportal serve} prints).</li>
 * <li>Paths under {@value #SERVICE_API_PREFIX} are the cache-service API's, which checks its own API keys; this
 *     guard leaves them alone. ({@code /metrics}, when it comes, needs a decision of its own.)</li>
 * <li>Always: a request that changes something and carries an {@code Origin} must come from the portal's own
 *     origin, so another site open in the same browser cannot post to it.</li>
 * </ul>
 */
final class AccessGuard {

    static final String TOKEN_HEADER = "X-API-Token";
    static final String TOKEN_COOKIE = "devportal_token";
    static final String TOKEN_QUERY = "token";

    /** The cache-service API, authenticated by API keys in a filter of its own. */
    static final String SERVICE_API_PREFIX = "/api/v2/";

    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final List<HandlerType> SAFE = List.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

    private final PortalSettings settings;
    private final byte[] token;
    private final boolean loopbackBind;

    AccessGuard(PortalSettings settings) {
        this.settings = settings;
        this.token = settings.requiresToken() ? settings.apiToken().getBytes(StandardCharsets.UTF_8) : null;
        this.loopbackBind = settings.loopbackBind();
    }

    void check(Context ctx) {
        if (ctx.path().startsWith(SERVICE_API_PREFIX)) {
            return;
        }
        String host = ctx.header("Host");
        if (loopbackBind && !isLoopbackHost(host)) {
            throw new ApiException(403, List.of(new FieldProblem("", "this portal answers only on its loopback address "
                    + "(http://127.0.0.1:port/ or http://localhost:port/)")));
        }
        String origin = ctx.header("Origin");
        if (origin != null && !SAFE.contains(ctx.method()) && !sameOrigin(origin, host)) {
            throw new ApiException(403, List.of(new FieldProblem("", "cross-site requests are refused: use the portal's "
                    + "own page or a client that sends no Origin header")));
        }
        if (token == null) {
            return;
        }
        String fromQuery = ctx.queryParam(TOKEN_QUERY);
        if (fromQuery != null && ctx.method() == HandlerType.GET && matches(fromQuery)) {
            // The printed link carries the token once; keep it in a cookie the browser sends to this site only,
            // and drop it from the address bar (and so from history and referrers).
            ctx.header("Set-Cookie", TOKEN_COOKIE + "=" + settings.apiToken() + "; Path=/; HttpOnly; SameSite=Strict");
            throw new TokenAccepted();
        }
        if (!matches(presented(ctx))) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"devportal\"");
            throw new ApiException(401, List.of(new FieldProblem("", "an API token is required: send "
                    + "'Authorization: Bearer <token>' (the token in the link devportal serve printed, or "
                    + "DEVPORTAL_API_TOKEN), or open the printed link in the browser")));
        }
    }

    /** Ends a request that brought the token in the link: the portal answers with a redirect to its page. */
    static final class TokenAccepted extends RuntimeException {
        TokenAccepted() {
            super("token accepted", null, false, false);
        }
    }

    private static String presented(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).trim();
        }
        String header = ctx.header(TOKEN_HEADER);
        if (header != null) {
            return header.trim();
        }
        return ctx.cookie(TOKEN_COOKIE);
    }

    private boolean matches(String presented) {
        // Constant-time, so that response timing tells nothing about how much of a guess was right.
        return presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    static boolean isLoopbackHost(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        String host = hostOnly(hostHeader.trim()).toLowerCase(Locale.ROOT);
        return host.equals("localhost") || host.equals("[::1]") || IPV4_LOOPBACK.matcher(host).matches();
    }

    private static boolean sameOrigin(String origin, String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        try {
            URI uri = URI.create(origin);
            String authority = uri.getRawAuthority();
            return authority != null && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && authority.equalsIgnoreCase(hostHeader.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** {@code 127.0.0.1:8080 → 127.0.0.1}, {@code [::1]:8080 → [::1]}. */
    private static String hostOnly(String hostAndPort) {
        if (hostAndPort.startsWith("[")) {
            int end = hostAndPort.indexOf(']');
            return end < 0 ? hostAndPort : hostAndPort.substring(0, end + 1);
        }
        int colon = hostAndPort.indexOf(':');
        return colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
    }
}
