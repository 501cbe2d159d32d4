package dev.elementkit.devportal.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.elementkit.devportal.runtime.BuiltPlugins;
import dev.elementkit.devportal.runtime.Host;
import dev.elementkit.devportal.runtime.HostOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A real cache-service server for a test: a fresh app folder with its own app id, the built SQLite and Redis plugin
 * JARs loaded through PF4J, a {@link Host} and an {@link ApiServer} on a free loopback port, and a real HTTP client.
 * Every response it received is kept, so that a test can check that none carries a key, a secret or a stack trace.
 *
 * <p>Elements are written into the app folder before {@link #start}; the fixture owns everything and
 * {@link #close()} stops the server, closes the host and deletes the folder.
 */
final class ServiceFixture implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    /** The machine's shared Redis, with the long timeouts a loaded build machine needs. */
    static final String SHARED_REDIS_URL = "redis://127.0.0.1:6379/0?socket_timeout=5&socket_connect_timeout=5";

    final Path root;
    final Path appDir;
    final Path pluginsDir;
    final String appId;
    final Map<String, String> environment = new LinkedHashMap<>();
    Host host;
    ApiKeys keys;
    ApiServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> received = Collections.synchronizedList(new ArrayList<>());

    private ServiceFixture(Path root, Path appDir, Path pluginsDir, String appId) {
        this.root = root;
        this.appDir = appDir;
        this.pluginsDir = pluginsDir;
        this.appId = appId;
    }

    /** An app folder (app id {@code svc.<prefix><random>}) and a plugins folder with the built JARs; not started. */
    static ServiceFixture create(String prefix) throws IOException {
        Path root = Files.createTempDirectory("devportal-service-");
        Path appDir = Files.createDirectories(root.resolve("app"));
        Path pluginsDir = Files.createDirectories(root.resolve("plugins"));
        String appId = "svc." + prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Files.writeString(appDir.resolve("app.json"), JSON.writeValueAsString(Map.of("appId", appId, "name", prefix,
                "settings", Map.of("defaultElement", Map.of("defaultCache", "caches.Default")))));
        BuiltPlugins.copyTo(pluginsDir, "element-sqlite");
        BuiltPlugins.copyTo(pluginsDir, "element-redis");
        ServiceFixture fixture = new ServiceFixture(root, appDir, pluginsDir, appId);
        fixture.element("caches.Default", "caches.BuiltinsType", null, null);
        return fixture;
    }

    /** Writes an element's {@code e.json} (with {@code service} when given) and configuration (when given). */
    ServiceFixture element(String fullName, String type, Map<String, Object> config, Map<String, Object> service)
            throws IOException {
        Path folder = Files.createDirectories(appDir.resolve(fullName.replace('.', '/')));
        Map<String, Object> descriptor = new LinkedHashMap<>();
        descriptor.put("title", fullName);
        descriptor.put("type", type);
        if (service != null) {
            descriptor.put("service", service);
        }
        Files.writeString(folder.resolve("e.json"), JSON.writeValueAsString(descriptor));
        if (config != null) {
            String simpleName = fullName.substring(fullName.lastIndexOf('.') + 1);
            Files.writeString(folder.resolve(simpleName + ".json"), JSON.writeValueAsString(config));
        }
        return this;
    }

    /** A Redis element on {@code port} of 127.0.0.1, database 0. */
    ServiceFixture redisElement(String fullName, int port, double timeoutSeconds) throws IOException {
        return element(fullName, "caches.RedisType", Map.of("host", "127.0.0.1", "port", port, "db", 0,
                "socket_timeout", timeoutSeconds, "socket_connect_timeout", timeoutSeconds), null);
    }

    /** Opens the host and starts the server with a body limit of {@code maxBodyBytes}. */
    ServiceFixture start(long maxBodyBytes) {
        host = Host.open(new HostOptions(appDir, pluginsDir, Map.copyOf(environment), false));
        keys = ApiKeys.of(appDir);
        server = ApiServer.start(host, keys, new ApiServerSettings("127.0.0.1", 0, null, null, maxBodyBytes,
                Duration.ofSeconds(20), false));
        return this;
    }

    /** A new key for every service and method. */
    String keyForAll(String name) {
        return keys.create(name, List.of("*"), List.of("*")).key();
    }

    URI uri(String path) {
        return server.uri().resolve(path);
    }

    Response get(String path, String key) {
        return send(request(path, key).GET());
    }

    Response delete(String path, String key) {
        return send(request(path, key).DELETE());
    }

    Response post(String path, String key, Object body) {
        return send(request(path, key).header("Content-Type", "application/json").POST(json(body)));
    }

    Response put(String path, String key, Object body) {
        return send(request(path, key).header("Content-Type", "application/json").PUT(json(body)));
    }

    Response patch(String path, String key, Object body) {
        return send(request(path, key).header("Content-Type", "application/json").method("PATCH", json(body)));
    }

    /** A request with the key as DreamFactory clients send it (null: no key). */
    HttpRequest.Builder request(String path, String key) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
        if (key != null) {
            builder.header("X-DreamFactory-API-Key", key);
        }
        return builder;
    }

    Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            received.add(response.body());
            response.headers().map().forEach((name, values) -> received.add(name + ": " + String.join(",", values)));
            return new Response(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every response body and header line received so far. */
    List<String> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    static HttpRequest.BodyPublisher json(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A loopback port nothing listens on (at the moment of asking). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (host != null) {
                host.close();
            }
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

        /** {@code error.context.field} of an error body, or null. */
        String errorField() {
            JsonNode field = json().path("error").path("context").path("field");
            return field.isMissingNode() || field.isNull() ? null : field.asText();
        }

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream()).findFirst().orElse(null);
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + body;
        }
    }
}
