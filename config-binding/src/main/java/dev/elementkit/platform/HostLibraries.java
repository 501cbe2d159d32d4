package dev.elementkit.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * The libraries the host supplies to every plugin, recognised by their packages inside a plugin JAR. A copy bundled
 * into a plugin is loaded a second time by the plugin's class loader, and then its Type is not the host's
 * {@code ElementType} ("X cannot be cast to X", or no extensions found at all). The host refuses such a JAR with
 * {@link #problemWith}'s sentence, and the testing kit's {@code PluginJarCheck} fails with the same one.
 *
 * @since 1.1.0
 */
public final class HostLibraries {

    /** Package path prefix in a JAR, to the Maven artifact it comes from. */
    private static final Map<String, String> BY_PACKAGE = Map.of(
            "dev/elementkit/platform/", "dev.elementkit:platform-api",
            "dev/elementkit/cache/", "dev.elementkit:cache-elements",
            "org/pf4j/", "org.pf4j:pf4j",
            "org/slf4j/", "org.slf4j:slf4j-api",
            "com/fasterxml/jackson/", "com.fasterxml.jackson.core:jackson-databind",
            "jakarta/validation/", "jakarta.validation:jakarta.validation-api",
            "org/hibernate/validator/", "org.hibernate.validator:hibernate-validator",
            "com/github/victools/", "com.github.victools:jsonschema-generator");

    private HostLibraries() {
    }

    /**
     * The host libraries {@code jar} bundles, each with one of its entries as evidence; empty when it bundles none.
     */
    public static Map<String, String> bundledIn(Path jar) {
        Map<String, String> found = new LinkedHashMap<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            file.stream().map(ZipEntry::getName).filter(name -> name.endsWith(".class")).forEach(name ->
                    BY_PACKAGE.forEach((prefix, artifact) -> {
                        if (name.startsWith(prefix)) {
                            found.putIfAbsent(artifact, name);
                        }
                    }));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read plugin JAR " + jar, e);
        }
        return found;
    }

    /** A sentence naming what {@code jar} bundles and what to do, or {@code null} when it bundles nothing of the host. */
    public static String problemWith(Path jar) {
        Map<String, String> bundled = bundledIn(jar);
        if (bundled.isEmpty()) {
            return null;
        }
        List<String> lines = bundled.entrySet().stream()
                .map(e -> e.getKey() + " (e.g. " + e.getValue() + ")").toList();
        return jar.getFileName() + " bundles " + String.join(", ", lines) + ": the host provides "
                + (bundled.size() == 1 ? "it" : "them") + " to every plugin, and a second copy inside the plugin "
                + "breaks its Types; use provided scope for " + String.join(", ", bundled.keySet())
                + " (elementkit-plugin-parent does this for cache-elements and slf4j-api)";
    }
}
