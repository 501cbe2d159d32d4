package dev.elementkit.devportal.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.devportal.metrics.PrometheusEndpoint;
import dev.elementkit.devportal.runtime.Host;
import dev.elementkit.devportal.runtime.HostOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A real portal for a test: a fresh app folder (its own app id), a fresh plugins folder holding copies of the built
 * plugin JARs named, a {@link Host} watching that folder and a {@link PortalServer} on a free port. Every response
 * body it received is kept, so that a test can check that none carries a secret.
 *
 * <p>The fixture owns all of it; {@link #close()} stops the server, closes the host and deletes both folders.
 */
final class PortalFixture implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final Path root;
    final Path appDir;
    final Path pluginsDir;
    final String appId;
    final Host host;
    final PortalServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
    private String token;

    private PortalFixture(Path root, Path appDir, Path pluginsDir, String appId, Host host, PortalServer server) {
        this.root = root;
        this.appDir = appDir;
        this.pluginsDir = pluginsDir;
        this.appId = appId;
        this.host = host;
        this.server = server;
    }

    /** A loopback portal with copies of the built JARs of {@code pluginIds}. */
    static PortalFixture start(String... pluginIds) throws IOException {
        return start(PortalSettings.loopback(0), Map.of(), pluginIds);
    }

    static PortalFixture start(PortalSettings settings, Map<String, String> environment, String... pluginIds)
            throws IOException {
        Path root = Files.createTempDirectory("devportal-web-");
        Path appDir = Files.createDirectories(root.resolve("app"));
        Path pluginsDir = Files.createDirectories(root.resolve("plugins"));
        String appId = "portaltest.App" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Files.writeString(appDir.resolve("app.json"), JSON.writeValueAsString(Map.of(
                "appId", appId, "name", "PortalTestApp", "title", "Portal test app", "version", "1.0.0")));
        for (String id : pluginIds) {
            Path jar = PluginHarness.builtJar(id);
            Files.copy(jar, pluginsDir.resolve(jar.getFileName()));
        }
        // Metrics on, as devportal serve runs it.
        Host host = Host.open(new HostOptions(appDir, pluginsDir, environment, true)
                .withMeterRegistry(PrometheusEndpoint.newRegistry()));
        try {
            return new PortalFixture(root, appDir, pluginsDir, appId, host, PortalServer.start(host, settings));
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
    }

    /** Sends the token with every later request. */
    PortalFixture withToken(String value) {
        this.token = value;
        return this;
    }

    URI uri(String path) {
        return server.uri().resolve(path);
    }

    Response get(String path) {
        return send(request(path).GET());
    }

    Response delete(String path) {
        return send(request(path).DELETE());
    }

    /** Creates the app's {@code caches.Default} on SQLite through the portal's API, as the page's form does. */
    void createSqliteDefaultCache() {
        Response created = post("/api/elements", Map.of("fullName", "caches.Default", "type", "caches.SqliteType",
                "title", "Default Cache", "config", Map.of("directory", "appData/default.db")));
        if (created.status() != 201) {
            throw new AssertionError("creating caches.Default: " + created);
        }
    }

    Response post(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json").POST(json(body)));
    }

    Response postEmpty(String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    Response put(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json").PUT(json(body)));
    }

    Response postBytes(String path, byte[] body, String contentType) {
        return send(request(path).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            bodies.add(response.body());
            response.headers().map().forEach((name, values) -> bodies.add(name + ": " + String.join(",", values)));
            return new Response(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Sends bytes as they are (no client-side normalizing of the path), for traversal and header tests. */
    Response raw(String requestLineAndHeaders) {
        return raw(requestLineAndHeaders, "");
    }

    Response raw(String requestLineAndHeaders, String body) {
        Response response = RawHttp.send(server.port(), requestLineAndHeaders, body);
        bodies.add(response.body());
        return response;
    }

    /** Every response body and header line received so far. */
    List<String> received() {
        synchronized (bodies) {
            return List.copyOf(bodies);
        }
    }

    private static HttpRequest.BodyPublisher json(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            host.close();
            deleteTree(root);
        }
    }

    static void deleteTree(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }

    /** One answer: status, body and headers. */
    record Response(int status, String body, Map<String, List<String>> headers) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (HTTP " + status + "): " + body, e);
            }
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }

        /** The {@code field} of each entry of an error body. */
        List<String> errorFields() {
            List<String> fields = new ArrayList<>();
            json().path("errors").forEach(e -> fields.add(e.path("field").asText()));
            return fields;
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + body;
        }
    }
}
