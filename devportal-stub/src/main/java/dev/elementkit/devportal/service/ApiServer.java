package dev.elementkit.devportal.service;

import dev.elementkit.devportal.runtime.Host;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code devportal api}: the cache services of one app under {@code /api/v2}, and {@code /health}, nothing else (no
 * portal page, no element editing). Stateless: everything lives in the cache backends and the app folder, so any
 * number of these processes over one Redis element (and copies of one app folder) are interchangeable behind a
 * load balancer.
 *
 * <p>{@link #close()} drains: new requests get 503 with {@code Retry-After}, requests in flight finish (up to the
 * settings' drain timeout), then the server stops. The caller owns the host and closes it afterwards.
 */
public final class ApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    private final Javalin javalin;
    private final ApiServerSettings settings;
    private final Drain drain;

    /** Requests in flight, and whether new ones are still taken. */
    private static final class Drain {
        final AtomicInteger inFlight = new AtomicInteger();
        volatile boolean draining;
    }

    private ApiServer(Javalin javalin, ApiServerSettings settings, Drain drain) {
        this.javalin = javalin;
        this.settings = settings;
        this.drain = drain;
    }

    /**
     * Starts serving.
     *
     * @throws IllegalStateException when the port cannot be bound or the key store cannot be used
     */
    public static ApiServer start(Host host, ApiKeys keys, ApiServerSettings settings) {
        Drain drain = new Drain();
        CacheServiceRoutes routes = CacheServices.routes(host, keys, settings.maxBodyBytes());
        Javalin javalin = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = settings.maxBodyBytes();
            // Cache values are small and clients want them fast; a compressing wrapper on every response costs more
            // than it saves (Webdis, the yardstick, does not compress either).
            config.http.disableCompression();
            config.jetty.modifyServer(server -> {
                ErrorHandler errors = new ErrorHandler();
                errors.setShowStacks(false);
                errors.setShowServlet(false);
                server.setErrorHandler(errors);
            });
            if (settings.tls()) {
                config.jetty.addConnector((server, http) -> {
                    SslContextFactory.Server tls = new SslContextFactory.Server();
                    tls.setKeyStorePath(settings.keyStore().toAbsolutePath().toString());
                    tls.setKeyStorePassword(settings.keyStorePassword());
                    HttpConfiguration https = new HttpConfiguration(http);
                    // No SNI host check: clients reach one server by many names (load balancer, IP, localhost).
                    https.addCustomizer(new SecureRequestCustomizer(false));
                    ServerConnector connector = new ServerConnector(server, tls, new HttpConnectionFactory(https));
                    connector.setHost(settings.bindAddress());
                    connector.setPort(settings.port());
                    return connector;
                });
            }
            config.requestLogger.http((ctx, millis) -> {
                drain.inFlight.decrementAndGet();
                if (settings.requestLog()) {
                    RequestLog.log(ctx, millis);
                }
            });
        });
        javalin.before(ctx -> {
            drain.inFlight.incrementAndGet();
            if (drain.draining) {
                ctx.header("Connection", "close");
                throw ServiceException.retryLater(503, "this server is shutting down: retry on another one", 1);
            }
        });
        routes.register(javalin);
        host.meterRegistry().ifPresent(registry -> routes.registerMetrics(javalin, registry));
        new HealthRoutes(host.app(), routes.directory()).register(javalin);
        // Alone on this server, the service answers every error itself, in its own shape (the portal keeps its own).
        javalin.exception(HttpResponseException.class, (e, ctx) -> ServiceErrors.respond(ctx, ServiceException.of(
                e.getStatus(), e.getStatus() == 404 ? "nothing at " + ctx.method() + " " + ctx.path()
                        + ": the cache services are under /api/v2 (see /api/v2/openapi.json)" : "HTTP " + e.getStatus())));
        javalin.exception(Exception.class, (e, ctx) -> ServiceErrors.respond(ctx, ServiceErrors.translate(e, ctx)));
        try {
            if (settings.tls()) {
                javalin.start();
            } else {
                javalin.start(settings.bindAddress(), settings.port());
            }
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot serve on " + settings.bindAddress() + ":" + settings.port() + ": "
                    + rootMessage(e) + (settings.tls() ? " (check --tls-keystore and its password)"
                    : " (pick another --port, or stop what uses it)"), e);
        }
        LOG.info("cache services listening on {}", settings);
        return new ApiServer(javalin, settings, drain);
    }

    /** The port it listens on (the real one when 0 was asked for). */
    public int port() {
        return javalin.port();
    }

    /** The base address, e.g. {@code https://127.0.0.1:8443/}; for a wildcard bind address, the loopback one. */
    public URI uri() {
        String host = settings.bindAddress();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return URI.create((settings.tls() ? "https" : "http") + "://" + host + ":" + port() + "/");
    }

    /** Requests being served now: what a drain waits for. */
    int inFlight() {
        return drain.inFlight.get();
    }

    /** True once {@link #close()} began: new requests get 503. */
    boolean draining() {
        return drain.draining;
    }

    /** Drains (see the class comment) and stops. Calling it twice is harmless. */
    @Override
    public void close() {
        drain.draining = true;
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        while (drain.inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                TimeUnit.MILLISECONDS.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        javalin.stop();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
