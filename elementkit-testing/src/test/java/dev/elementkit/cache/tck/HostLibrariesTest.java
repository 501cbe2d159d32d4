package dev.elementkit.cache.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.platform.HostLibraries;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostLibrariesTest {

    @TempDir
    Path folder;

    @Test
    void aJarBundlingCacheElements_isNamed_withTheAdviceToUseProvidedScope() throws IOException {
        Path jar = jar("element-mistake-1.0.0.jar", "com/example/MemoryType.class", "dev/elementkit/cache/Cache.class",
                "dev/elementkit/cache/spi/CacheBackend.class");

        String problem = HostLibraries.problemWith(jar);

        assertTrue(problem.startsWith("element-mistake-1.0.0.jar bundles dev.elementkit:cache-elements (e.g. "
                + "dev/elementkit/cache/"), problem);
        assertTrue(problem.contains("use provided scope for dev.elementkit:cache-elements"), problem);
    }

    @Test
    void aJarWithOnlyItsOwnAndThirdPartyClasses_hasNoProblem() throws IOException {
        Path jar = jar("element-memory-1.0.0.jar", "com/example/MemoryType.class",
                "com/github/benmanes/caffeine/cache/Caffeine.class", "META-INF/extensions.idx");

        assertNull(HostLibraries.problemWith(jar));
        assertEquals(java.util.Map.of(), HostLibraries.bundledIn(jar));
    }

    @Test
    void theHarness_refusesSuchAJar_withTheSameSentence_beforeLoadingIt() throws IOException {
        Path plugins = Files.createDirectories(folder.resolve("plugins"));
        jar("plugins/element-mistake-1.0.0.jar", "dev/elementkit/platform/element/ElementType.class",
                "org/slf4j/Logger.class");
        String previous = System.setProperty(PluginHarness.PLUGINS_DIR_PROPERTY, plugins.toString());
        try {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> PluginHarness.load("element-mistake"));
            assertTrue(refused.getMessage().contains("dev.elementkit:platform-api"), refused.getMessage());
            assertTrue(refused.getMessage().contains("org.slf4j:slf4j-api"), refused.getMessage());
            assertTrue(refused.getMessage().contains("use provided scope"), refused.getMessage());
        } finally {
            if (previous == null) {
                System.clearProperty(PluginHarness.PLUGINS_DIR_PROPERTY);
            } else {
                System.setProperty(PluginHarness.PLUGINS_DIR_PROPERTY, previous);
            }
        }
    }

    private Path jar(String name, String... entries) throws IOException {
        Path jar = folder.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out)) {
            for (String entry : List.of(entries)) {
                zip.putNextEntry(new ZipEntry(entry));
                zip.write(new byte[] {1});
                zip.closeEntry();
            }
        }
        return jar;
    }
}
