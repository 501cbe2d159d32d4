package dev.elementkit.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.tck.PluginHarness;
import dev.elementkit.cache.tck.PluginJarCheck;
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

/** The built plugin JAR is what PF4J needs and nothing the host already has (PluginJarCheck), and more. */
class PluginJarIT extends PluginJarCheck {

    @Override
    protected String pluginId() {
        return PluginUnderTest.ID;
    }


    private final Path jar = jar();

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
    void bundlesSqliteJdbc_withItsNativeLibraries() throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            assertNotNull(file.getEntry("org/sqlite/JDBC.class"));
            assertTrue(file.stream().anyMatch(e -> e.getName().startsWith("org/sqlite/native/Linux/x86_64/")));
        }
    }

}
