package dev.elementkit.redis.nearcache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The near cache's local store on its own: the install race, generations, expiry by an injected clock, bounds. */
class LocalEntriesTest {

    private final AtomicLong now = new AtomicLong(-5_000_000_000L); // negative, as System.nanoTime may be
    private final Ticker ticker = now::get;
    private final LocalEntries local = new LocalEntries(new NearCacheSettings(100, 1024 * 1024), ticker);

    @Test
    void aValueFetchedBeforeAnInvalidationIsNotInstalledAfterIt() {
        LocalEntries.Ticket ticket = local.ticket("k");
        local.invalidate("k"); // the server's invalidation overtakes the reply of the GET that read the old value
        local.install("k", ticket, "old", LocalEntries.NEVER);
        assertNull(local.fresh("k"));
    }

    @Test
    void anInvalidationAfterTheInstallDropsTheValue() {
        local.install("k", local.ticket("k"), "v", LocalEntries.NEVER);
        assertEquals("v", local.fresh("k"));
        local.invalidate("k");
        assertNull(local.fresh("k"));
    }

    @Test
    void anInvalidationOfAnotherKeyInAnotherStripeDoesNotStopAnInstall() {
        LocalEntries.Ticket ticket = local.ticket("k");
        local.invalidate("other");
        local.install("k", ticket, "v", LocalEntries.NEVER);
        assertEquals("v", local.fresh("k"));
    }

    @Test
    void aNewGenerationHidesHeldEntriesAndRefusesOlderTickets() {
        local.install("held", local.ticket("held"), "v", LocalEntries.NEVER);
        LocalEntries.Ticket beforeTheLoss = local.ticket("k");
        local.invalidateAll();
        assertNull(local.fresh("held"));
        local.install("k", beforeTheLoss, "v", LocalEntries.NEVER);
        assertNull(local.fresh("k"));
    }

    @Test
    void anEntryIsNotServedPastTheKeysExpiry() {
        local.install("k", local.ticket("k"), "v", now.get() + Duration.ofSeconds(2).toNanos());
        now.addAndGet(Duration.ofMillis(1999).toNanos());
        assertEquals("v", local.fresh("k"));
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertNull(local.fresh("k"));
    }

    @Test
    void entriesAreBoundedByCount() {
        for (int i = 0; i < 1000; i++) {
            local.install("k" + i, local.ticket("k" + i), "v", LocalEntries.NEVER);
        }
        local.cleanUp();
        assertTrue(local.size() <= 100, "held " + local.size() + " entries, at most 100 allowed");
    }

    @Test
    void entriesAreBoundedByBytes() {
        LocalEntries small = new LocalEntries(new NearCacheSettings(1_000_000, 100_000), ticker);
        String tenKilobytes = "x".repeat(5_000); // 10 000 bytes as a Java string
        for (int i = 0; i < 100; i++) {
            small.install("k" + i, small.ticket("k" + i), tenKilobytes, LocalEntries.NEVER);
        }
        small.cleanUp();
        assertTrue(small.size() <= 10, "held " + small.size() + " entries of 10 kB in 100 kB");
    }

    @Test
    void theHitRatioCountsLookups() {
        assertEquals(0.0, local.hitRatio());
        local.install("k", local.ticket("k"), "v", LocalEntries.NEVER);
        local.fresh("k");
        local.fresh("missing");
        assertEquals(0.5, local.hitRatio());
    }
}
