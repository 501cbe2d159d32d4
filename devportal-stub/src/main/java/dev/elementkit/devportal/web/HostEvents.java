package dev.elementkit.devportal.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.elementkit.devportal.runtime.HostListener;
import io.javalin.http.sse.SseClient;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/events}: pushes the host's changes (a plugin dropped in, an element saved) to the open pages as
 * server-sent events {@code change} with data {@code {"change": "PLUGIN_LOADED", "subject": "element-sqlite"}}, so
 * that a new type shows up without a reload. The host calls {@link #changed} on its own threads; sending happens
 * on this class's single thread so that a slow browser never holds the host up.
 *
 * <p>Owns that thread and the open streams; {@link #close()} ends both.
 */
final class HostEvents implements HostListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HostEvents.class);
    private static final long KEEP_ALIVE_SECONDS = 15;

    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "devportal-events");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closed;

    HostEvents() {
        // Proxies and idle timeouts drop silent streams; a comment every few seconds keeps them open.
        sender.scheduleWithFixedDelay(() -> clients.forEach(c -> send(c, null, null)),
                KEEP_ALIVE_SECONDS, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
    }

    /** Javalin's SSE handler: keeps the stream open until the page goes or the server closes. */
    void open(SseClient client) {
        if (closed) {
            client.close();
            return;
        }
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        clients.add(client);
        send(client, "hello", "{}");
    }

    @Override
    public void changed(Change change, String subject) {
        publish("change", Map.of("change", change.name(), "subject", subject));
    }

    /** Sends {@code data} as JSON in an event named {@code event} to every open page. */
    void publish(String event, Object data) {
        if (closed) {
            return;
        }
        String json;
        try {
            json = JsonBodies.MAPPER.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        sender.execute(() -> clients.forEach(c -> send(c, event, json)));
    }

    private void send(SseClient client, String event, String data) {
        try {
            if (client.terminated()) {
                clients.remove(client);
            } else if (event == null) {
                client.sendComment("keep-alive");
            } else {
                client.sendEvent(event, data);
            }
        } catch (RuntimeException e) {
            LOG.debug("dropping an event stream: {}", e.toString());
            clients.remove(client);
        }
    }

    @Override
    public void close() {
        closed = true;
        sender.shutdownNow();
        clients.forEach(client -> {
            try {
                client.close();
            } catch (RuntimeException ignored) {
                // the page is gone already
            }
        });
        clients.clear();
    }
}
