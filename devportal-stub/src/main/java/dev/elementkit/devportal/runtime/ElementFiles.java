package dev.elementkit.devportal.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.elementkit.platform.element.FullName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The reference layout of elements on disk: a folder per element holding {@code e.json} ({@code title},
 * {@code type}) and, when its Type takes a configuration, {@code <Name>.json}. The fullName is the folder's path
 * relative to the app root with {@code /} replaced by {@code .}; names are parsed with {@link FullName} before they
 * become paths, so a name can never leave the app folder.
 */
final class ElementFiles {

    static final String DESCRIPTOR = "e.json";
    /** Folders that never hold elements: runtime data, tool and VCS folders. */
    private static final Set<String> SKIPPED = Set.of("appData", "node_modules", "target");

    /**
     * An element's files as read, placeholders unresolved.
     *
     * @param name       the element's name
     * @param type       {@code e.json}'s {@code type}
     * @param title      {@code e.json}'s {@code title}, the fullName when absent
     * @param configText {@code <Name>.json}'s text, or null when there is no such file
     * @param folder     the element's folder
     * @param stamp      changes whenever either file changes
     */
    record Declaration(FullName name, String type, String title, String configText, Path folder, String stamp) {

        String fullName() {
            return name.toString();
        }

        /** {@code caches/MyRedis/e.json}: how messages name the descriptor. */
        String descriptorSource() {
            return name.relativePath() + "/" + DESCRIPTOR;
        }

        /** {@code caches/MyRedis/MyRedis.json}: how messages name the configuration. */
        String configSource() {
            return name.relativePath() + "/" + name.simpleName() + ".json";
        }

        /**
         * The configuration as the file holds it, placeholders kept as strings (also bare ones); an empty object
         * when there is no configuration file.
         */
        ObjectNode configTree() throws ElementProblem {
            if (configText == null) {
                return JsonNodeFactory.instance.objectNode();
            }
            JsonNode tree = StrictJson.readElementFile(Placeholders.quoteBare(configText), configSource());
            if (!(tree instanceof ObjectNode object)) {
                throw ElementProblem.broken(configSource() + ": expected a JSON object holding the configuration"
                        + " fields", null);
            }
            return object;
        }
    }

    private final Path root;

    ElementFiles(Path root) {
        this.root = root;
    }

    Path folder(FullName name) {
        return root.resolve(name.relativePath());
    }

    Path descriptorFile(FullName name) {
        return folder(name).resolve(DESCRIPTOR);
    }

    Path configFile(FullName name) {
        return folder(name).resolve(name.simpleName() + ".json");
    }

    boolean exists(FullName name) {
        return Files.isRegularFile(descriptorFile(name));
    }

    /** The stamp of the element's files as they are now; cheap (two stat calls). */
    String stamp(FullName name) {
        return HostSupport.stampOf(descriptorFile(name)) + "|" + HostSupport.stampOf(configFile(name));
    }

    /**
     * Reads an element's files.
     *
     * @return empty when there is no {@code e.json} for that name
     * @throws ElementProblem naming {@code e.json} and the field when it is malformed
     */
    Optional<Declaration> read(FullName name) throws ElementProblem {
        Path descriptorFile = descriptorFile(name);
        if (!Files.isRegularFile(descriptorFile)) {
            return Optional.empty();
        }
        String fullName = name.toString();
        String source = name.relativePath() + "/" + DESCRIPTOR;
        String stamp = stamp(name);
        JsonNode descriptor;
        try {
            descriptor = StrictJson.readElementFile(Files.readString(descriptorFile, StandardCharsets.UTF_8), source);
        } catch (IOException e) {
            throw ElementProblem.broken("cannot read " + source + ": " + e.getMessage(), e);
        }
        if (descriptor == null || !descriptor.isObject()) {
            throw ElementProblem.broken(source + ": expected a JSON object like"
                    + " {\"title\": \"My Cache\", \"type\": \"caches.SqliteType\"}", null);
        }
        JsonNode type = descriptor.get("type");
        if (type == null || !type.isTextual() || type.asText().isBlank()) {
            throw ElementProblem.broken(source + ": field 'type' is missing or empty; it names the"
                    + " element's Type, e.g. \"caches.SqliteType\" (run `devportal types` to list them)", null);
        }
        String title = descriptor.path("title").asText(fullName);
        Path configFile = configFile(name);
        String configText = null;
        if (Files.isRegularFile(configFile)) {
            try {
                configText = StrictJson.withoutBom(Files.readString(configFile, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw ElementProblem.broken("cannot read " + name.relativePath() + "/"
                        + configFile.getFileName() + ": " + e.getMessage(), e);
            }
        }
        return Optional.of(new Declaration(name, type.asText(), title, configText, folder(name), stamp));
    }

    /**
     * Every folder under the root that holds an {@code e.json}, as its dotted relative path, sorted. A path that is
     * not a valid fullName is returned too, so that it can be reported rather than silently skipped.
     */
    List<String> scan() {
        List<String> names = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String folderName = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    if (!dir.equals(root) && (folderName.startsWith(".") || SKIPPED.contains(folderName))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (!dir.equals(root) && Files.isRegularFile(dir.resolve(DESCRIPTOR))) {
                        names.add(root.relativize(dir).toString().replace(dir.getFileSystem().getSeparator(), "."));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the app folder " + root + ": " + e.getMessage(), e);
        }
        names.sort(null);
        return names;
    }
}
