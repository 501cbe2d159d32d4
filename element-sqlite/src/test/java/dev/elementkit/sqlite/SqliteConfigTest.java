package dev.elementkit.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.elementkit.platform.config.ConfigBinder;
import dev.elementkit.platform.config.ConfigSchemas;
import dev.elementkit.platform.config.InvalidConfigurationException;
import dev.elementkit.platform.element.ElementContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The configuration binds with the reference's field name and defaults, and its schema drives the portal form. */
class SqliteConfigTest {

    private final ConfigBinder binder = new ConfigBinder();

    @Test
    void bindsTheReferenceConfiguration_withDefaults() {
        SqliteConfig config = binder.bind("{\"directory\": \"appData/caches/DefaultCache/sqlite.db\"}",
                SqliteConfig.class, "Default.json");
        assertEquals(new SqliteConfig("appData/caches/DefaultCache/sqlite.db", 10_000, 60), config);
    }

    @Test
    void refusesOutOfRangeTimes_perField_butTakesABlankFileAsTheDefaultOne() {
        InvalidConfigurationException e = org.junit.jupiter.api.Assertions.assertThrows(
                InvalidConfigurationException.class, () -> binder.bind(Map.of("directory", "",
                        "busy_timeout_ms", 0, "sweep_interval_seconds", 0), SqliteConfig.class, "Bad.json"));
        assertEquals(List.of("busy_timeout_ms", "sweep_interval_seconds"),
                e.errors().stream().map(f -> f.field()).distinct().toList());
    }

    @Test
    void schema_hasLabelsAndDefaults_inDeclarationOrder_andTheFileIsOptional() {
        JsonNode schema = new ConfigSchemas(binder).schemaOf(SqliteConfig.class);
        JsonNode properties = schema.path("properties");
        assertEquals(List.of("directory", "busy_timeout_ms", "sweep_interval_seconds"),
                List.copyOf(iterable(properties)));
        assertEquals("Database file", properties.path("directory").path("title").asText());
        // Compared as JSON text: the generator keeps the default as an embedded node, which serializes as 10000.
        assertEquals("10000", properties.path("busy_timeout_ms").path("default").toString());
        // Empty is the element's own file, so that SQLite Cache saved with the form's defaults works.
        assertFalse(schema.path("required").toString().contains("directory"), schema.toString());
    }

    @Test
    void anEmptyFileIsTheElementsOwnFolderUnderAppData() {
        ElementContext context = new ElementContext("tests.App", Path.of("/srv/app"), "caches.MySqlite");
        SqliteConfig empty = binder.bind(JsonNodeFactory.instance.objectNode(), SqliteConfig.class, "MySqlite.json");
        assertEquals("appData/caches/MySqlite/sqlite.db", empty.directoryOf(context));
        assertEquals(Path.of("/srv/app/appData/caches/MySqlite/sqlite.db"), SqliteFile.of(context, empty).path());
    }

    private static List<String> iterable(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
