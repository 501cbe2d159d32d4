package dev.elementkit.cache.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.platform.HostLibraries;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The hygiene of a built plugin JAR, as an integration test to extend: PF4J's manifest entries and extension index
 * are there, and no library the host provides is bundled (the failure names the library and says to use provided
 * scope). A plugin's {@code PluginJarIT extends PluginJarCheck} says only {@link #pluginId()}.
 *
 * @since 1.1.0
 */
public abstract class PluginJarCheck {

    /** The plugin's id, as in its manifest's {@code Plugin-Id}. */
    protected abstract String pluginId();

    /** The JAR under test: the one {@code package} built (see {@link PluginHarness#builtJar(String)}). */
    protected Path jar() {
        return PluginHarness.builtJar(pluginId());
    }

    @Test
    void bundlesNothingTheHostProvides() {
        assertNull(HostLibraries.problemWith(jar()));
    }

    @Test
    void hasThePluginManifestEntries() throws IOException {
        try (JarFile file = new JarFile(jar().toFile())) {
            Attributes manifest = file.getManifest().getMainAttributes();
            assertEquals(pluginId(), manifest.getValue("Plugin-Id"));
            String pluginClass = manifest.getValue("Plugin-Class");
            // The host refuses a plugin without a class of its own (PF4J would put in its base class silently).
            assertTrue(pluginClass != null && !pluginClass.isBlank() && !pluginClass.equals("org.pf4j.Plugin"),
                    "Plugin-Class of " + jar() + " must name the plugin's class that extends org.pf4j.Plugin, not "
                            + pluginClass);
            assertNotNull(file.getEntry(pluginClass.replace('.', '/') + ".class"),
                    "Plugin-Class " + pluginClass + " is not in " + jar());
            assertNotNull(manifest.getValue("Plugin-Version"), "Plugin-Version is missing from " + jar());
            String requires = manifest.getValue("Plugin-Requires");
            assertTrue(requires != null && requires.startsWith(">="), "Plugin-Requires: " + requires);
        }
    }

    @Test
    void hasTheExtensionIndex_listingAtLeastOneClassOfTheJar() throws IOException {
        try (JarFile file = new JarFile(jar().toFile())) {
            ZipEntry index = file.getEntry("META-INF/extensions.idx");
            assertNotNull(index, "META-INF/extensions.idx is missing from " + jar()
                    + ": is pf4j on the compiler's annotation processor path, and the Type annotated @Extension?");
            try (InputStream in = file.getInputStream(index)) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(text.lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
                        .anyMatch(name -> file.getEntry(name.replace('.', '/') + ".class") != null), text);
            }
        }
    }

    /** Asserts that the JAR holds each of {@code entries} (the libraries the plugin bundles). */
    protected final void assertBundles(String... entries) throws IOException {
        try (JarFile file = new JarFile(jar().toFile())) {
            for (String entry : entries) {
                assertNotNull(file.getEntry(entry), entry + " is not in " + jar());
            }
        }
    }

    /** Asserts that {@code plugin.properties} (PF4J's development mode) says what the manifest says. */
    protected final void assertDevelopmentDescriptorMatchesTheManifest() throws IOException {
        try (JarFile file = new JarFile(jar().toFile())) {
            Attributes manifest = file.getManifest().getMainAttributes();
            ZipEntry descriptor = file.getEntry("plugin.properties");
            assertNotNull(descriptor, "plugin.properties is missing from " + jar());
            Properties properties = new Properties();
            try (InputStream in = file.getInputStream(descriptor)) {
                properties.load(in);
            }
            assertEquals(pluginId(), properties.getProperty("plugin.id"));
            assertEquals(manifest.getValue("Plugin-Version"), properties.getProperty("plugin.version"),
                    "plugin.properties is filtered from the same values as the manifest");
        }
    }

    /**
     * Asserts that the test's own class path cannot load {@code typeClass} and that the harness gets the Type from the
     * JAR: what the integration tests prove then comes from the built JAR, not from the module's classes.
     */
    protected final void assertOnlyTheJarProvides(String typeFullName, String typeClass) {
        assertThrows(ClassNotFoundException.class, () -> Class.forName(typeClass));
        try (PluginHarness harness = PluginHarness.load(pluginId())) {
            Object loaded = harness.type(typeFullName);
            assertEquals(typeClass, loaded.getClass().getName());
            assertNotNull(harness.manager().whichPlugin(loaded.getClass()), "the Type comes from the plugin JAR");
        }
    }
}
