package dev.elementkit.cache.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * The hygiene every built plugin JAR needs, for a plugin module's {@code PluginJarIT}: what PF4J needs is there
 * (extension index, manifest, development-mode descriptor), nothing the host provides is bundled, and the IT's class
 * path does not hold the plugin's classes (so that only the JAR can provide them).
 *
 * @param pluginId    the plugin's id ({@code element-sqlite})
 * @param type        the element type's fullName ({@code caches.SqliteType})
 * @param typeClass   the Type's class name
 * @param pluginClass the plugin's class name
 */
public record PluginJarChecks(String pluginId, String type, String typeClass, String pluginClass) {

    /** What the host supplies to every plugin; a bundled copy gives "X cannot be cast to X". */
    private static final List<String> HOST_PROVIDED = List.of("dev/elementkit/platform/", "dev/elementkit/cache/",
            "org/pf4j/", "org/slf4j/", "com/fasterxml/jackson/", "jakarta/validation/", "org/hibernate/");

    /** The built JAR these checks look at. */
    public Path jar() {
        return PluginHarness.builtJar(pluginId);
    }

    public void hasTheExtensionIndexListingTheType() throws IOException {
        try (JarFile file = new JarFile(jar().toFile())) {
            ZipEntry index = file.getEntry("META-INF/extensions.idx");
            assertNotNull(index, "META-INF/extensions.idx is missing from " + jar()
                    + ": is pf4j on the compiler's annotation processor path?");
            try (InputStream in = file.getInputStream(index)) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(text.lines().anyMatch(typeClass::equals), text);
            }
        }
    }

    public void hasThePluginManifestEntriesAndADevelopmentModeDescriptor() throws IOException {
        try (JarFile file = new JarFile(jar().toFile())) {
            Attributes manifest = file.getManifest().getMainAttributes();
            assertEquals(pluginId, manifest.getValue("Plugin-Id"));
            assertEquals(pluginClass, manifest.getValue("Plugin-Class"));
            assertNotNull(manifest.getValue("Plugin-Version"));
            assertTrue(manifest.getValue("Plugin-Requires").startsWith(">="), manifest.getValue("Plugin-Requires"));
            assertNotNull(manifest.getValue("Plugin-Provider"));
            Properties properties = new Properties();
            try (InputStream in = file.getInputStream(file.getEntry("plugin.properties"))) {
                properties.load(in);
            }
            assertEquals(pluginId, properties.getProperty("plugin.id"));
            assertEquals(manifest.getValue("Plugin-Version"), properties.getProperty("plugin.version"),
                    "plugin.properties is filtered from the same values as the manifest");
        }
    }

    public void onlyTheJarProvidesThePluginClasses() {
        assertThrows(ClassNotFoundException.class, () -> Class.forName(typeClass));
        try (PluginHarness harness = PluginHarness.load(pluginId)) {
            Object loaded = harness.type(type);
            assertEquals(typeClass, loaded.getClass().getName());
            assertNotNull(harness.manager().whichPlugin(loaded.getClass()), "the Type comes from the plugin JAR");
        }
    }

    public void bundlesNothingTheHostProvides() throws IOException {
        try (JarFile file = new JarFile(jar().toFile())) {
            List<String> leaked = file.stream().map(ZipEntry::getName)
                    .filter(name -> HOST_PROVIDED.stream().anyMatch(name::startsWith))
                    .toList();
            assertEquals(List.of(), leaked, "classes the host provides must not be bundled (X cannot be cast to X)");
        }
    }

    /** Asserts that the JAR holds each of {@code entries} (the libraries the plugin bundles). */
    public void bundles(String... entries) throws IOException {
        try (JarFile file = new JarFile(jar().toFile())) {
            for (String entry : entries) {
                assertNotNull(file.getEntry(entry), entry + " is not in " + jar());
            }
        }
    }
}
