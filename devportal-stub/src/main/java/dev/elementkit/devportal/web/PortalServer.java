package dev.elementkit.devportal.web;

import dev.elementkit.devportal.runtime.ElementExistsException;
import dev.elementkit.devportal.runtime.Host;
import dev.elementkit.devportal.runtime.PluginInstallException;
import dev.elementkit.devportal.service.ApiKeyRoutes;
import dev.elementkit.devportal.service.ApiKeys;
import dev.elementkit.devportal.service.CacheServices;
import dev.elementkit.platform.app.ElementNotFoundException;
import dev.elementkit.platform.config.FieldError;
import dev.elementkit.platform.config.InvalidConfigurationException;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The developer portal: the page (plain HTML, CSS and JavaScript from {@code /web} on the class path) and the REST
 * API under {@code /api} (see {@code devportal-stub/API.md}), over one {@link Host}.
 *
 * <p>The caller owns both: it closes the server, then the host. Every error becomes
 * {@code {"errors": [{"field", "message"}]}} with 400, 401, 403, 404 or 409; an unexpected failure is logged and
 * answered with 500 and an id to find it in the log, never with a stack trace.
 */
public final class PortalServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PortalServer.class);

    /** Only the page's own files; icons come as data: images; nothing is loaded from elsewhere. */
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; "
            + "style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
            + "form-action 'self'";

    private final Javalin javalin;
    private final HostEvents events;
    private final ElementMetricsRoutes metrics;
    private final PortalSettings settings;

    private PortalServer(Javalin javalin, HostEvents events, ElementMetricsRoutes metrics, PortalSettings settings) {
        this.javalin = javalin;
        this.events = events;
        this.metrics = metrics;
        this.settings = settings;
    }

    /**
     * Starts the portal on {@code settings}' address and port.
     *
     * @throws IllegalStateException when the port cannot be bound (in use, or not allowed)
     */
    public static PortalServer start(Host host, PortalSettings settings) {
        HostEvents events = new HostEvents();
        AccessGuard guard = new AccessGuard(settings);
        Javalin javalin = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(JsonBodies.MAPPER, false));
            config.http.maxRequestSize = PluginRoutes.MAX_JAR_BYTES;
            config.jetty.multipartConfig.maxFileSize(PluginRoutes.MAX_JAR_BYTES, SizeUnit.BYTES);
            config.jetty.multipartConfig.maxTotalRequestSize(PluginRoutes.MAX_JAR_BYTES + 1024 * 1024,
                    SizeUnit.BYTES);
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/web";
                files.location = Location.CLASSPATH;
                files.headers = Map.of("Cache-Control", "no-cache");
            });
            // Jetty answers malformed requests (an encoded '/' or '..' in a path) before Javalin sees them: no
            // stack traces there either.
            config.jetty.modifyServer(server -> {
                ErrorHandler errors = new ErrorHandler();
                errors.setShowStacks(false);
                errors.setShowServlet(false);
                server.setErrorHandler(errors);
            });
        });
        javalin.before(ctx -> {
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Referrer-Policy", "no-referrer");
            ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            guard.check(ctx);
        });
        new TypeRoutes(host).register(javalin);
        new ElementRoutes(host).register(javalin);
        new PluginRoutes(host).register(javalin);
        new VariableRoutes(host).register(javalin);
        ApiKeys keys = ApiKeys.of(host.app().root());
        CacheServices.register(javalin, host, keys, CacheServices.DEFAULT_MAX_BODY_BYTES);
        new ApiKeyRoutes(keys).register(javalin);
        javalin.sse("/api/events", events::open);
        ElementMetricsRoutes metrics = host.meterRegistry().map(r -> new ElementMetricsRoutes(host, r, events))
                .orElse(null);
        if (metrics != null) {
            metrics.register(javalin);
        }
        registerErrors(javalin);
        host.addListener(events);
        try {
            javalin.start(settings.bindAddress(), settings.port());
        } catch (RuntimeException e) {
            events.close();
            if (metrics != null) {
                metrics.close();
            }
            throw new IllegalStateException("cannot start the portal on " + settings.bindAddress() + ":"
                    + settings.port() + ": " + rootMessage(e) + " (pick another --port, or stop what uses it)", e);
        }
        LOG.info("developer portal listening on {}:{}", settings.bindAddress(), javalin.port());
        return new PortalServer(javalin, events, metrics, settings);
    }

    /** Takes the metrics' next point now instead of at the interval: for tests, which never wait for time. */
    void sampleMetricsNow() {
        if (metrics != null) {
            metrics.sampleAndPublish();
        }
    }

    /** The port it listens on (the real one when 0 was asked for). */
    public int port() {
        return javalin.port();
    }

    /** The settings it runs with. */
    public PortalSettings settings() {
        return settings;
    }

    /** The page's address; for a wildcard bind address, the loopback one. */
    public URI uri() {
        String host = settings.bindAddress();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port() + "/");
    }

    /**
     * The link to print: the page's address carrying the token once ({@code ?token=}), which the page swaps for an
     * HttpOnly cookie; the plain address when no token is asked.
     */
    public URI link() {
        return settings.requiresToken() ? uri().resolve("/?" + AccessGuard.TOKEN_QUERY + "=" + settings.apiToken())
                : uri();
    }

    /** Stops listening and ends the open event streams. The host stays open: its owner closes it. */
    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
        events.close();
        javalin.stop();
    }

    private static void registerErrors(Javalin javalin) {
        javalin.exception(ApiException.class, (e, ctx) -> ctx.status(e.status()).json(new ErrorBody(e.problems())));
        javalin.exception(AccessGuard.TokenAccepted.class, (e, ctx) -> ctx.status(303).header("Location", "/"));
        javalin.exception(InvalidConfigurationException.class, (e, ctx) -> ctx.status(400).json(new ErrorBody(
                e.errors().stream().map(PortalServer::configProblem).toList())));
        javalin.exception(ElementExistsException.class, (e, ctx) -> ctx.status(409).json(ErrorBody.of("fullName", e.getMessage())));
        javalin.exception(ElementNotFoundException.class, (e, ctx) -> ctx.status(404).json(ErrorBody.of("", e.getMessage())));
        javalin.exception(PluginInstallException.class, (e, ctx) -> ctx.status(400).json(ErrorBody.of("file", e.getMessage())));
        javalin.exception(IllegalArgumentException.class, (e, ctx) -> ctx.status(400).json(ErrorBody.of("", e.getMessage())));
        javalin.exception(HttpResponseException.class, (e, ctx) -> ctx.status(e.getStatus())
                .json(ErrorBody.of("", e.getMessage() == null || e.getMessage().isEmpty() ? "HTTP " + e.getStatus() : e.getMessage())));
        javalin.exception(Exception.class, (e, ctx) -> {
            String id = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("request {} {} failed (error id {})", ctx.method(), ctx.path(), id, e);
            ctx.status(500).json(ErrorBody.of("", "the portal failed unexpectedly (error id " + id
                    + " in the server log); the request may not have been carried out"));
        });
        javalin.error(404, ctx -> {
            if (ctx.resultInputStream() == null) {
                notFound(ctx);
            }
        });
    }

    private static void notFound(Context ctx) {
        ctx.json(ErrorBody.of("", "nothing at " + ctx.method() + " " + ctx.path() + ": see API.md for the endpoints"));
    }

    /** A configuration field's error as the request names it: inside {@code config}, or one of its {@code variables}. */
    private static FieldProblem configProblem(FieldError error) {
        String field = error.field();
        return new FieldProblem(field.isEmpty() ? "config" : field.equals("variables") || field.startsWith("variables.")
                ? field : "config." + field, error.message());
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
