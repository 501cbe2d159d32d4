package dev.elementkit.devportal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ServiceNamesTest {

    @Test
    void theDefaultCacheIsTheSeedsCacheService() {
        assertEquals("cache", ServiceNames.of("caches.Default"));
    }

    @Test
    void otherElementsAreTheirNameLowerCased() {
        assertEquals("myredis", ServiceNames.of("caches.MyRedis"));
        assertEquals("team_shared", ServiceNames.of("caches.team.Shared"), "never a dot: openapi.json stays apart");
    }

    @Test
    void onlyTheCachesFamilyBecomesServices() {
        assertTrue(ServiceNames.isCacheElement("caches.MyRedis"));
        assertFalse(ServiceNames.isCacheElement("queues.Mail"));
        assertFalse(ServiceNames.isCacheElement("caches."));
    }
}
