package dev.elementkit.devportal.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** API keys in a real file of a temp app folder. */
class FileApiKeysTest {

    @TempDir
    Path app;

    @Test
    void aKeyVerifiesUntilRevokedAndOnlyItsHashIsStored() throws Exception {
        ApiKeys keys = ApiKeys.of(app);
        CreatedApiKey created = keys.create("web", List.of("cache", "MyRedis"), List.of("get", "post"));
        ApiKeyInfo info = keys.verify(created.key()).orElseThrow();
        assertEquals(List.of("cache", "myredis"), info.services(), "service names are lower-cased");
        assertEquals(List.of("GET", "POST"), info.methods());
        assertTrue(info.allowsService("myredis") && !info.allowsService("other"));
        assertTrue(info.allowsMethod("HEAD") && !info.allowsMethod("DELETE"));
        assertFalse(created.toString().contains(created.key()), "toString never prints the key");

        String stored = Files.readString(app.resolve(ApiKeys.FILE));
        assertFalse(stored.contains(created.key().substring(16)), "no secret in the file");

        assertTrue(keys.verify(created.key() + "x").isEmpty());
        assertTrue(keys.verify("ek_" + info.id() + "_" + "A".repeat(43)).isEmpty());
        assertTrue(keys.verify("something else").isEmpty());
        assertTrue(keys.revoke(info.id()));
        assertTrue(keys.verify(created.key()).isEmpty());
        assertFalse(keys.revoke(info.id()));
    }

    @Test
    void anotherInstanceOnTheSameFileSeesChangesAtOnce() {
        ApiKeys server = ApiKeys.of(app);
        ApiKeys cli = ApiKeys.of(app);
        assertTrue(server.list().isEmpty());
        CreatedApiKey created = cli.create("ops", List.of("*"), List.of("*"));
        assertTrue(server.verify(created.key()).isPresent(), "created by another process: seen by the next request");
        cli.revoke("ops");
        assertTrue(server.verify(created.key()).isEmpty(), "revoked by another process: refused by the next request");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void concurrentCreatorsLoseNothing() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<CreatedApiKey>> futures = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String name = "k" + i;
                ApiKeys own = ApiKeys.of(app); // one instance per creator, as separate CLI runs would have
                futures.add(pool.submit(() -> own.create(name, List.of("cache"), List.of("GET"))));
            }
            ApiKeys reader = ApiKeys.of(app);
            for (Future<CreatedApiKey> future : futures) {
                assertTrue(reader.verify(future.get().key()).isPresent());
            }
            assertEquals(20, reader.list().size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void badArgumentsNameTheOption() {
        ApiKeys keys = ApiKeys.of(app);
        keys.create("taken", List.of("cache"), List.of("GET"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> keys.create("taken", List.of("cache"),
                List.of("GET"))).getMessage().startsWith("--name"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> keys.create("bad name", List.of("cache"),
                List.of("GET"))).getMessage().startsWith("--name"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> keys.create("a", List.of("my.redis"),
                List.of("GET"))).getMessage().startsWith("--services"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> keys.create("a", List.of(),
                List.of("GET"))).getMessage().startsWith("--services"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> keys.create("a", List.of("cache"),
                List.of("TRACE"))).getMessage().startsWith("--methods"));
    }

    @Test
    void aDamagedFileIsNamedNotQuoted() throws Exception {
        Files.createDirectories(app.resolve("appData"));
        Files.writeString(app.resolve(ApiKeys.FILE), "{\"keys\": [ {\"id\": \"secret-looking-text\"");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ApiKeys.of(app).list());
        assertTrue(e.getMessage().contains(ApiKeys.FILE), e.getMessage());
        assertFalse(e.getMessage().contains("secret-looking-text"), e.getMessage());
    }
}
