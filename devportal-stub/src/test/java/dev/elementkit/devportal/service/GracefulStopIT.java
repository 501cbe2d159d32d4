package dev.elementkit.devportal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Stopping drains: a request in flight when the stop begins still gets its whole answer, and a request that arrives
 * during the drain gets 503 with {@code Retry-After} instead of a reset connection. The slow request is one to a
 * Redis element pointed at a server that accepts connections and never answers (its timeouts are 1 s, well inside the fixture's 20 s drain).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class GracefulStopIT {

    @Test
    void aStopLetsTheRequestInFlightFinish() throws Exception {
        List<Socket> held = new CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             ServiceFixture fixture = ServiceFixture.create("Drain")) {
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "silent-redis");
            acceptor.setDaemon(true);
            acceptor.start();
            fixture.redisElement("caches.Silent", silent.getLocalPort(), 1.0);
            fixture.start(CacheServices.DEFAULT_MAX_BODY_BYTES);
            String key = fixture.keyForAll("drain");
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

            CompletableFuture<HttpResponse<String>> slow = client.sendAsync(fixture.request("/api/v2/silent/k", key)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            waitUntil(() -> fixture.server.inFlight() == 1, "the slow request is in flight");
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(fixture.server::close);
            waitUntil(fixture.server::draining, "the drain began");

            ServiceFixture.Response late = fixture.get("/api/v2/cache/k", key);
            assertEquals(503, late.status(), late.toString());
            assertEquals("1", late.header("Retry-After"));

            HttpResponse<String> finished = slow.get(30, TimeUnit.SECONDS);
            assertEquals(503, finished.statusCode(), "the backend's own answer, whole: " + finished.body());
            assertTrue(finished.body().contains("cannot reach its backend"), finished.body());
            stopping.get(30, TimeUnit.SECONDS);
            fixture.server = null; // closed above
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    /** Waits for a state the test cannot be told about, polling; the class watchdog bounds it. */
    private static void waitUntil(BooleanSupplier condition, String what) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            Thread.onSpinWait();
            Thread.sleep(1);
        }
        assertTrue(condition.getAsBoolean(), what);
    }
}
