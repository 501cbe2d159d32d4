package dev.elementkit.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.tck.PluginHarness;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** The built plugin JAR is what PF4J needs and nothing the host already has. */
class PluginJarIT {

    private final Path jar = PluginHarness.builtJar(PluginUnderTest.ID);

    @Test
    void hasTheExtensionIndex_listingTheType() throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            ZipEntry index = file.getEntry("META-INF/extensions.idx");
            assertNotNull(index, "META-INF/extensions.idx is missing from " + jar
                    + ": is pf4j on the compiler's annotation processor path?");
            try (InputStream in = file.getInputStream(index)) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(text.lines().anyMatch(PluginUnderTest.TYPE_CLASS::equals), text);
            }
        }
    }

    @Test
    void hasThePluginManifestEntries_andADevelopmentModeDescriptor() throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Attributes manifest = file.getManifest().getMainAttributes();
            assertEquals(PluginUnderTest.ID, manifest.getValue("Plugin-Id"));
            assertEquals(PluginUnderTest.PLUGIN_CLASS, manifest.getValue("Plugin-Class"));
            assertNotNull(manifest.getValue("Plugin-Version"));
            assertTrue(manifest.getValue("Plugin-Requires").startsWith(">="), manifest.getValue("Plugin-Requires"));
            assertNotNull(manifest.getValue("Plugin-Provider"));
            Properties properties = new Properties();
            try (InputStream in = file.getInputStream(file.getEntry("plugin.properties"))) {
                properties.load(in);
            }
            assertEquals(PluginUnderTest.ID, properties.getProperty("plugin.id"));
            assertEquals(manifest.getValue("Plugin-Version"), properties.getProperty("plugin.version"),
                    "plugin.properties is filtered from the same values as the manifest");
        }
    }

    @Test
    void theItClassPath_doesNotHoldThePluginClasses_soOnlyTheJarCanProvideThem() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName(PluginUnderTest.TYPE_CLASS));
        try (PluginHarness harness = PluginHarness.load(PluginUnderTest.ID)) {
            Object type = harness.type(PluginUnderTest.TYPE);
            assertEquals(PluginUnderTest.TYPE_CLASS, type.getClass().getName());
            assertNotNull(harness.manager().whichPlugin(type.getClass()), "the Type comes from the plugin JAR");
        }
    }

    @Test
    void bundlesThePoolAndBothDrivers() throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            assertNotNull(file.getEntry("com/zaxxer/hikari/HikariDataSource.class"));
            assertNotNull(file.getEntry("org/postgresql/ds/PGSimpleDataSource.class"));
            assertNotNull(file.getEntry("org/mariadb/jdbc/MariaDbDataSource.class"));
        }
    }

    @Test
    void bundlesNothingTheHostProvides() throws IOException {
        List<String> forbidden = List.of("dev/elementkit/platform/", "dev/elementkit/cache/", "org/pf4j/",
                "org/slf4j/", "com/fasterxml/jackson/", "jakarta/validation/", "org/hibernate/");
        try (JarFile file = new JarFile(jar.toFile())) {
            List<String> leaked = file.stream().map(ZipEntry::getName)
                    .filter(name -> forbidden.stream().anyMatch(name::startsWith))
                    .toList();
            assertEquals(List.of(), leaked, "classes the host provides must not be bundled (X cannot be cast to X)");
        }
    }
}
