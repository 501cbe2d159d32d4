package dev.elementkit.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.platform.config.ConfigBinder;
import dev.elementkit.platform.config.ConfigSchemas;
import dev.elementkit.platform.config.FieldError;
import dev.elementkit.platform.config.InvalidConfigurationException;
import dev.elementkit.platform.element.ElementContext;
import dev.elementkit.redis.engine.RedisSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Binding and validation of {@code caches.RedisType} configurations: local, no server. */
class RedisConfigTest {

    private final ConfigBinder binder = new ConfigBinder();
    private final ElementContext context = new ElementContext("app", Path.of("/apps/demo"), "caches.MyRedis");

    private RedisConfig bind(Map<String, ?> values) {
        return binder.bind(values, RedisConfig.class, "MyRedis.json");
    }

    private List<String> errorFields(Map<String, ?> values) {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> bind(values));
        return e.errors().stream().map(FieldError::field).toList();
    }

    @Test
    void referenceDefaultsApply() {
        RedisSettings settings = bind(Map.of("host", "10.0.0.5")).toSettings(context);
        assertEquals(List.of(new RedisSettings.Node("10.0.0.5", 6379)), settings.nodes());
        assertEquals(1, settings.database());
        assertEquals(Duration.ofMillis(500), settings.commandTimeout());
        assertEquals(Duration.ofMillis(500), settings.connectTimeout());
        assertEquals(RedisSettings.Mode.STANDALONE, settings.mode());
        assertFalse(settings.tls().enabled());
        assertTrue(settings.tls().verifyPeer(), "peer verification is on by default");
    }

    @Test
    void portOutOfRangeAndMissingHostAreNamed() {
        assertEquals(List.of("port"), errorFields(Map.of("host", "h", "port", 70000)));
        assertEquals(List.of("host"), errorFields(Map.of("host", " ")));
    }

    @Test
    void sentinelNeedsNodesAndMasterName() {
        assertEquals(List.of("nodes", "master_name"), errorFields(Map.of("mode", "sentinel")));
    }

    @Test
    void clusterNeedsNodesAndRejectsADatabase() {
        assertEquals(List.of("nodes"), errorFields(Map.of("mode", "cluster")));
        assertEquals(List.of("db"), errorFields(Map.of("mode", "cluster", "nodes", List.of("a:7000"), "db", 2)));
        assertEquals(0, bind(Map.of("mode", "cluster", "nodes", List.of("a:7000"))).toSettings(context).database());
    }

    @Test
    void databaseDefaultsToOneWhereItIsShownAndIsZeroInACluster() {
        assertEquals(1, bind(Map.of("host", "h")).db(), "standalone: the reference platform's 1");
        assertEquals(1, bind(Map.of("mode", "sentinel", "nodes", List.of("s:26379"), "master_name", "m")).db());
        RedisConfig cluster = bind(Map.of("mode", "cluster", "nodes", List.of("a:7000")));
        org.junit.jupiter.api.Assertions.assertNull(cluster.db(), "a cluster configuration is not given a database it does not have");
        assertEquals(0, cluster.effectiveDb());
        var db = new ConfigSchemas(binder).schemaOf(RedisConfig.class).path("properties").path("db");
        assertEquals(1, db.path("default").asInt(), "the form shows the default: " + db);
    }

    @Test
    void malformedNodesAreNamed() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> bind(Map.of("mode", "cluster", "nodes", List.of("a:7000", "nonsense"))));
        assertTrue(e.getMessage().contains("entry 2"), e.getMessage());
    }

    @Test
    void secretsNeverShowInErrorsOrToString() {
        RedisConfig config = bind(Map.of("host", "h", "password", "s3cret-value", "sentinel_password", "other-s3cret"));
        assertFalse(config.toString().contains("s3cret"), config.toString());
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> bind(Map.of("host", "h", "port", 0, "password", "s3cret-value")));
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void equalConfigurationsGiveEqualSettingsSoTheyShareAConnection() {
        Map<String, Object> values = Map.of("host", "h", "password", "p", "db", 2);
        assertEquals(bind(values).toSettings(context), bind(values).toSettings(context));
        assertFalse(bind(values).toSettings(context).equals(
                bind(Map.of("host", "h", "password", "other", "db", 2)).toSettings(context)));
    }

    @Test
    void trustStoreIsResolvedAgainstTheAppFolder() {
        RedisSettings settings = bind(Map.of("host", "h", "ssl", true, "ssl_trust_store", "certs/ca.pem"))
                .toSettings(context);
        assertEquals(Path.of("/apps/demo/certs/ca.pem"), settings.tls().trustStore());
    }

    @Test
    void schemaMarksSecretsAndKeepsReferenceNames() {
        var schemas = new ConfigSchemas(binder);
        assertEquals(java.util.Set.of("password", "ssl_trust_store_password", "sentinel_password"),
                schemas.secretFields(RedisConfig.class));
        var properties = schemas.schemaOf(RedisConfig.class).path("properties");
        assertTrue(properties.has("socket_timeout") && properties.has("socket_connect_timeout"), properties::toString);
        assertEquals("0.5", properties.path("socket_timeout").path("default").toString(), properties.toString());
    }

    @Test
    void theSchemaSaysWhichFieldsEachModeShows_andAStandaloneFormWorksWithItsDefaults() {
        com.fasterxml.jackson.databind.JsonNode schema = new ConfigSchemas(binder).schemaOf(RedisConfig.class);
        Map<String, List<String>> shownBy = new java.util.LinkedHashMap<>();
        for (com.fasterxml.jackson.databind.JsonNode branch : schema.path("allOf")) {
            String test = branch.path("if").path("properties").toString();
            List<String> fields = new java.util.ArrayList<>();
            branch.path("then").path("properties").fieldNames().forEachRemaining(fields::add);
            shownBy.put(test, fields);
        }
        assertEquals(List.of("host", "port"), shownBy.get("{\"mode\":{\"const\":\"standalone\"}}"), shownBy.toString());
        assertEquals(List.of("nodes"), shownBy.get("{\"mode\":{\"enum\":[\"sentinel\",\"cluster\"]}}"));
        assertEquals(List.of("master_name", "sentinel_password"), shownBy.get("{\"mode\":{\"const\":\"sentinel\"}}"));
        assertEquals(List.of("ssl_verify_peer", "ssl_trust_store", "ssl_trust_store_password"),
                shownBy.get("{\"ssl\":{\"const\":true}}"), "a boolean value, not the text 'true'");
        assertEquals("127.0.0.1", schema.path("properties").path("host").path("default").asText());
        // What the form sends for a new standalone element pressed straight to Save: nothing but defaults.
        RedisSettings settings = bind(Map.of()).toSettings(context);
        assertEquals("127.0.0.1", settings.nodes().get(0).host());
        assertEquals(6379, settings.nodes().get(0).port());
        assertEquals(RedisConfig.DEFAULT_DB, settings.database());
    }

    @Test
    void theNearCacheIsOffByDefaultAndBoundedWhenOn() {
        assertEquals(null, bind(Map.of("host", "h")).nearCacheSettings());
        assertEquals(new dev.elementkit.redis.nearcache.NearCacheSettings(10_000, 64L * 1024 * 1024),
                bind(Map.of("host", "h", "near_cache", true)).nearCacheSettings());
        assertEquals(new dev.elementkit.redis.nearcache.NearCacheSettings(500, 2L * 1024 * 1024),
                bind(Map.of("host", "h", "near_cache", true, "near_cache_max_entries", 500,
                        "near_cache_max_mb", 2)).nearCacheSettings());
    }

    @Test
    void theNearCacheIsRefusedInClusterModeByName() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class, () -> bind(Map.of(
                "mode", "cluster", "nodes", List.of("127.0.0.1:7000"), "near_cache", true)));
        assertEquals(List.of("near_cache"), e.errors().stream().map(FieldError::field).toList());
        assertTrue(e.errors().get(0).message().contains("cluster mode"), e.errors().toString());
    }

    @Test
    void nearCacheBoundsOutOfRangeAreNamed() {
        assertEquals(List.of("near_cache_max_entries"),
                errorFields(Map.of("host", "h", "near_cache", true, "near_cache_max_entries", 0)));
        assertEquals(List.of("near_cache_max_mb"),
                errorFields(Map.of("host", "h", "near_cache", true, "near_cache_max_mb", 0)));
    }
}
