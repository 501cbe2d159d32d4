package dev.elementkit.tongrds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.elementkit.platform.config.ConfigBinder;
import dev.elementkit.platform.config.ConfigSchemas;
import dev.elementkit.platform.config.InvalidConfigurationException;
import dev.elementkit.platform.element.ElementContext;
import dev.elementkit.redis.engine.RedisSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Binding, defaults, validation and schema of the TongRDS configuration; no server involved. */
class TongRdsConfigTest {

    private final ConfigBinder binder = new ConfigBinder();
    private final ElementContext context = new ElementContext("app", Path.of("/tmp/app"), "caches.TongRDS");

    private TongRdsConfig bind(Map<String, ?> config) {
        return binder.bind(config, TongRdsConfig.class, "TongRDS.json");
    }

    @Test
    void theReferenceDefaultsApply() {
        RedisSettings settings = bind(Map.of("host", "10.0.0.5")).toSettings(context);

        assertEquals(RedisSettings.Mode.STANDALONE, settings.mode());
        assertEquals(List.of(new RedisSettings.Node("10.0.0.5", 6379)), settings.nodes());
        assertEquals(1, settings.database());
        assertEquals(Duration.ofMillis(500), settings.commandTimeout());
        assertEquals(Duration.ofMillis(500), settings.connectTimeout());
        assertNull(settings.username(), "TongRDS authenticates with a password only");
        assertNull(settings.password());
        assertFalse(settings.tls().enabled());
    }

    @Test
    void sentinelModeDefaultsToTheWebSessionService() {
        RedisSettings settings = bind(Map.of("mode", "sentinel", "nodes", List.of("10.0.0.7:26379"),
                "password", "p", "sentinel_password", "s")).toSettings(context);

        assertEquals(RedisSettings.Mode.SENTINEL, settings.mode());
        assertEquals("WebSession", settings.masterName());
        assertEquals("p", settings.password().reveal());
        assertEquals("s", settings.sentinelPassword().reveal());
    }

    @Test
    void clusterModeUsesDatabaseZero() {
        RedisSettings settings = bind(Map.of("mode", "cluster", "nodes", List.of("10.0.0.8:6379", "10.0.0.9:6379")))
                .toSettings(context);

        assertEquals(RedisSettings.Mode.CLUSTER, settings.mode());
        assertEquals(0, settings.database());
        assertEquals(2, settings.nodes().size());
    }

    @Test
    void aUsernameIsNotAccepted() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> bind(Map.of("host", "h", "username", "u")));
        assertTrue(e.getMessage().contains("username"), e.getMessage());
    }

    @Test
    void errorsNameTheField() {
        InvalidConfigurationException missingHost = assertThrows(InvalidConfigurationException.class,
                () -> bind(Map.of()));
        assertTrue(missingHost.getMessage().contains("host"), missingHost.getMessage());

        InvalidConfigurationException missingNodes = assertThrows(InvalidConfigurationException.class,
                () -> bind(Map.of("mode", "sentinel")));
        assertTrue(missingNodes.getMessage().contains("nodes"), missingNodes.getMessage());

        InvalidConfigurationException badPort = assertThrows(InvalidConfigurationException.class,
                () -> bind(Map.of("host", "h", "port", 70000)));
        assertTrue(badPort.getMessage().contains("port"), badPort.getMessage());
    }

    @Test
    void theSchemaOffersTheReferenceFieldsAndTheModes() throws Exception {
        // as the portal receives it: serialized (defaults are held as POJO nodes until then)
        JsonNode schema = new ObjectMapper().readTree(
                new ConfigSchemas(binder).schemaOf(TongRdsConfig.class).toString());
        JsonNode properties = schema.get("properties");
        List<String> names = new java.util.ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);

        assertEquals(List.of("host", "port", "password", "db", "socket_timeout", "socket_connect_timeout", "mode",
                "nodes", "master_name", "sentinel_password", "near_cache"), names);
        assertTrue(schema.toString().contains("{\"if\":{\"properties\":{\"near_cache\":{\"const\":true}}}"),
                "near_cache is in the schema only to be refused by name, and the form shows it only when set: "
                        + schema);
        assertEquals("WebSession", properties.get("master_name").get("default").asText());
        assertEquals(6379, properties.get("port").get("default").asInt());
        assertEquals("standalone", properties.get("mode").get("default").asText());
        assertEquals(List.of("standalone", "sentinel", "cluster"),
                List.of(new ObjectMapper().treeToValue(properties.get("mode").get("enum"), String[].class)));
        assertTrue(properties.get("password").path("secret").asBoolean(), schema.toString());
        assertTrue(properties.get("sentinel_password").path("secret").asBoolean(), schema.toString());
    }

    @Test
    void theNearCacheIsRefusedByNameBecauseTongRdsCannotTrackKeys() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> bind(Map.of("host", "10.0.0.5", "near_cache", true)));
        assertEquals(List.of("near_cache"), e.errors().stream().map(error -> error.field()).toList());
        assertTrue(e.errors().get(0).message().contains("not available on TongRDS"), e.errors().toString());
        bind(Map.of("host", "10.0.0.5", "near_cache", false));
    }
}
