package dev.elementkit.cache.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.platform.shared.Lease;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SharedResourcesTest {

    /** A resource that counts how often it was closed. */
    static final class Connection implements AutoCloseable {
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    private final SharedResources<String, Connection> shared = new SharedResources<>();

    @Test
    void equalKeysShareOneResourceClosedWithItsLastLease() throws Exception {
        AtomicInteger opened = new AtomicInteger();
        Lease<Connection> first = shared.acquire("a", key -> {
            opened.incrementAndGet();
            return new Connection();
        });
        Lease<Connection> second = shared.acquire("a", key -> {
            throw new AssertionError("opened twice");
        });
        assertSame(first.get(), second.get());
        Connection connection = first.get();
        first.close();
        first.close();
        assertEquals(0, connection.closes.get(), "another lease still holds it");
        assertThrows(IllegalStateException.class, first::get);
        second.close();
        assertEquals(1, connection.closes.get());
        assertEquals(0, shared.size());
        assertEquals(1, opened.get());
    }

    @Test
    void aFailedOpenKeepsNothing() {
        assertThrows(java.io.IOException.class, () -> shared.acquire("a", key -> {
            throw new java.io.IOException("refused");
        }));
        assertEquals(0, shared.size());
    }

    @Test
    void closeClosesWhatIsLeasedAndRefusesLaterAcquisitions() throws Exception {
        Lease<Connection> lease = shared.acquire("a", key -> new Connection());
        Connection connection = lease.get();
        shared.close();
        assertEquals(1, connection.closes.get());
        assertThrows(IllegalStateException.class, lease::get);
        assertThrows(IllegalStateException.class, () -> shared.acquire("b", key -> new Connection()));
    }

    /**
     * A plugin stops while an element is still connecting: the connection being opened must not outlive the
     * registry (it would keep its threads, and the unloaded plugin's classes, alive). The acquisition fails and
     * what it opened is closed.
     */
    @Test
    @Timeout(30)
    void aCloseRacingAnAcquireClosesWhatTheAcquireOpens() throws Exception {
        CountDownLatch opening = new CountDownLatch(1);
        Connection connection = new Connection();
        CompletableFuture<Lease<Connection>> acquired = CompletableFuture.supplyAsync(() -> {
            try {
                return shared.acquire("a", key -> {
                    opening.countDown();
                    // Finish opening only once close() has emptied the registry (the @Timeout guards the spin).
                    while (shared.size() > 0) {
                        Thread.onSpinWait();
                    }
                    return connection;
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(opening.await(20, TimeUnit.SECONDS));
        CompletableFuture<Void> closing = CompletableFuture.runAsync(shared::close);
        closing.get(20, TimeUnit.SECONDS);
        ExecutionException e = assertThrows(ExecutionException.class, () -> acquired.get(20, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof IllegalStateException, e.toString());
        assertEquals(1, connection.closes.get(), "the connection opened during close() was closed");
    }
}
