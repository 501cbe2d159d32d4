package dev.elementkit.platform.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigSchemasTest {

    enum Mode {
        @JsonProperty("standalone") STANDALONE,
        @JsonProperty("cluster") CLUSTER
    }

    record Sample(@NotBlank @Label("Host") @Help("Where the server runs") String host,
                  @Min(1) @Max(65535) @DefaultValue("6379") Integer port,
                  @DefaultValue("0.5") @JsonProperty("socket_timeout") Double socketTimeout,
                  @DefaultValue("\"standalone\"") Mode mode,
                  Secret password) {
    }

    private final ConfigSchemas schemas = new ConfigSchemas(new ConfigBinder());

    @Test
    void defaultsAreReadableJsonValuesNotOpaqueObjects() {
        JsonNode properties = schemas.schemaOf(Sample.class).path("properties");
        assertTrue(properties.path("port").path("default").isIntegralNumber(), properties.toString());
        assertEquals(6379, properties.path("port").path("default").asInt());
        assertEquals(0.5, properties.path("socket_timeout").path("default").asDouble());
        assertEquals("standalone", properties.path("mode").path("default").asText());
    }

    @Test
    void labelsHelpBoundsEnumsAndSecretsReachTheSchemaInDeclarationOrder() {
        ObjectNode schema = schemas.schemaOf(Sample.class);
        JsonNode properties = schema.path("properties");
        assertEquals(List.of("host", "port", "socket_timeout", "mode", "password"),
                iterate(properties.fieldNames()));
        assertEquals("Host", properties.path("host").path("title").asText());
        assertEquals("Where the server runs", properties.path("host").path("description").asText());
        assertEquals(1, properties.path("port").path("minimum").asInt());
        assertEquals(65535, properties.path("port").path("maximum").asInt());
        assertEquals("[\"standalone\",\"cluster\"]", properties.path("mode").path("enum").toString());
        assertTrue(properties.path("password").path(ConfigSchemas.SECRET_KEYWORD).asBoolean());
        assertEquals(Set.of("password"), schemas.secretFields(Sample.class));
        assertTrue(iterate(schema.path("required").elements()).stream().anyMatch(n -> n.asText().equals("host")));
    }

    private static <T> List<T> iterate(java.util.Iterator<T> iterator) {
        List<T> list = new java.util.ArrayList<>();
        iterator.forEachRemaining(list::add);
        return list;
    }
}
