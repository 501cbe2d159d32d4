package dev.elementkit.devportal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.elementkit.platform.config.ConfigBinder;
import dev.elementkit.platform.config.ConfigSchemas;
import dev.elementkit.platform.config.Secret;
import dev.elementkit.platform.element.TypeDescriptor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Secrets in element configurations are masked wherever the schema puts them, nested ones included. */
class SecretMaskingTest {

    record Tls(String trustStore, Secret keyPassword) {
    }

    record Node(String address, Secret token) {
    }

    record SampleConfig(String host, Secret password, Tls tls, List<Node> nodes) {
    }

    private static final ConfigSchemas SCHEMAS = new ConfigSchemas(new ConfigBinder());
    private static final TypeInfo TYPE = new TypeInfo(new TypeDescriptor("caches.SampleType", "caches.Meta",
            "Sample Cache", "Cache Storage", "", ""), "sample-plugin", SCHEMAS.schemaOf(SampleConfig.class),
            SCHEMAS.secretFields(SampleConfig.class));

    @Test
    void literalSecretsAreMaskedAtAnyDepthAndPlaceholdersShown() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("host", "db.example");
        config.put("password", "{{REDIS_PASSWORD}}");
        config.put("tls", Map.of("trustStore", "ca.pem", "keyPassword", "literal-key-pw"));
        config.put("nodes", List.of(Map.of("address", "a:1", "token", "literal-token"), Map.of("address", "b:2", "token", "")));

        ObjectNode masked = SecretMasking.mask(config, TYPE);

        assertEquals("db.example", masked.path("host").asText());
        assertEquals("{{REDIS_PASSWORD}}", masked.path("password").asText(), "a placeholder is a name, not a value");
        assertEquals("ca.pem", masked.path("tls").path("trustStore").asText());
        assertTrue(SecretMasking.isMarker(masked.path("tls").path("keyPassword")));
        assertTrue(masked.path("tls").path("keyPassword").path("isSet").asBoolean());
        assertTrue(masked.path("nodes").get(0).path("token").path("isSet").asBoolean());
        assertFalse(masked.path("nodes").get(1).path("token").path("isSet").asBoolean());
        assertFalse(masked.toString().contains("literal-"), masked.toString());
        assertEquals(List.of("REDIS_PASSWORD"), List.copyOf(SecretMasking.placeholders(masked)));
    }

    @Test
    void aSecretWithTextAroundAPlaceholderIsStillASecret() {
        ObjectNode masked = SecretMasking.mask(Map.of("password", "prefix-{{PART}}"), TYPE);
        assertTrue(SecretMasking.isMarker(masked.path("password")), masked.toString());
    }

    @Test
    void markersSentBackMeanKeepTheSavedValue() throws Exception {
        ObjectNode submitted = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
                {"host": "h", "password": {"secret": true, "isSet": true},
                 "tls": {"keyPassword": {"secret": true, "isSet": true}, "trustStore": "x"}}""");
        ObjectNode cleaned = SecretMasking.withoutMarkers(submitted);
        assertFalse(cleaned.has("password"));
        assertFalse(cleaned.path("tls").has("keyPassword"));
        assertEquals("x", cleaned.path("tls").path("trustStore").asText());
        assertTrue(submitted.has("password"), "the request body itself is left alone");
    }

    @Test
    void anObjectWithOtherMembersIsNoMarker() throws Exception {
        assertFalse(SecretMasking.isMarker(new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"secret\": true, \"value\": \"x\"}")));
        assertFalse(SecretMasking.isMarker(new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"secret\": false}")));
    }
}
