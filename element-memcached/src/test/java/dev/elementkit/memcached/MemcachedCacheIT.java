package dev.elementkit.memcached;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.elementkit.cache.Cache;
import dev.elementkit.cache.tck.CacheContractTest;
import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.platform.element.ElementContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The cache contract on one memcached, element-memcached loaded from its built JAR through PF4J. The server gets a
 * 2 MiB item size limit (-I 2m): the contract stores 1 MiB values, which the default 1 MiB limit cannot hold with
 * the item's header (ItemSizeLimitIT covers that).
 */
class MemcachedCacheIT extends CacheContractTest {

    private static PluginHarness harness;
    private static MemcachedServer server;

    @BeforeAll
    static void start() throws Exception {
        server = MemcachedServer.start("-I", "2m");
        harness = PluginHarness.load(PluginUnderTest.ID);
    }

    @AfterAll
    static void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected Cache newCache(String appId) throws Exception {
        return harness.createCache(PluginUnderTest.TYPE, new ElementContext(appId, Path.of("."), "caches.Tck"),
                Map.of("servers", List.of(server.address())));
    }

    /** Keys written by another program over the text protocol: no app prefix at all. */
    @Override
    protected OutsideKeys outsideKeys() {
        return new OutsideKeys() {
            @Override
            public void set(String key, String value) throws Exception {
                byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
                server.send("set " + key + " 0 0 " + bytes.length + "\r\n" + value + "\r\n", "\r\n");
            }

            @Override
            public String get(String key) throws Exception {
                String reply = server.send("get " + key + "\r\n", "END\r\n");
                return reply.startsWith("VALUE ") ? reply.substring(reply.indexOf("\r\n") + 2,
                        reply.length() - "\r\nEND\r\n".length()) : null;
            }

            @Override
            public void delete(String key) throws Exception {
                server.send("delete " + key + "\r\n", "\r\n");
            }
        };
    }

    @Nested
    class WhatOtherClientsSee {

        @Test
        void aTextProtocolGetOfAppIdColonKeyShowsTheValue() throws Exception {
            String appId = newAppId();
            open(appId).set("user:1001:name", "John", 3600);
            assertEquals("VALUE " + appId + ":user:1001:name 0 4\r\nJohn\r\nEND\r\n",
                    server.send("get " + appId + ":user:1001:name\r\n", "END\r\n"));
        }

        @Test
        void numbersAreTextThatMemcachedsOwnIncrUnderstands() throws Exception {
            String appId = newAppId();
            Cache mine = open(appId);
            mine.setNumeric("visits", 41);
            assertEquals("42\r\n", server.send("incr " + appId + ":visits 1\r\n", "\r\n"));
            assertEquals(43, mine.incr("visits"));
            assertEquals(-1, mine.ttl("visits"));
        }
    }
}
