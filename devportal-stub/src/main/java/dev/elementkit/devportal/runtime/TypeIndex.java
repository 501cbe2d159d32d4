package dev.elementkit.devportal.runtime;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which element Types each plugin JAR of a plugins folder gave when it last started, so that a host starting plugins
 * on demand starts the one JAR that gives the Type asked for instead of all of them. A Type's name is known only
 * once its plugin has started (it is what the extension object answers), hence this memory, kept in the hidden file
 * {@value #FILE_NAME} of the plugins folder (hidden files are not plugins).
 *
 * <p>It is only ever a hint: an entry counts only while its JAR has the very stamp (size, time, file identity) it had
 * when recorded, and a host that finds no entry, or finds the Type missing after starting the JAR, starts every
 * plugin as if there were no index. A folder that cannot be written is simply not remembered. Not thread-safe: the
 * plugin runtime serializes calls.
 */
final class TypeIndex {

    static final String FILE_NAME = ".elementkit-types.properties";
    private static final Logger LOG = LoggerFactory.getLogger(TypeIndex.class);
    private static final String SEPARATOR = "|";

    private final Path file;
    private final Properties entries = new Properties();
    private boolean changed;

    private TypeIndex(Path file) {
        this.file = file;
    }

    /** The index of {@code pluginsDir}; empty when there is none yet or it cannot be read. */
    static TypeIndex of(Path pluginsDir) {
        TypeIndex index = new TypeIndex(pluginsDir.resolve(FILE_NAME));
        try (Reader reader = Files.newBufferedReader(index.file, StandardCharsets.UTF_8)) {
            index.entries.load(reader);
        } catch (NoSuchFileException e) {
            // not made yet
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("ignoring the unreadable type index {}: {}", index.file, e.toString());
            index.entries.clear();
        }
        return index;
    }

    /** The JAR of {@code jars} (path → current stamp) that gave {@code typeFullName} with the stamp it has now. */
    Optional<Path> jarGiving(String typeFullName, Map<Path, String> jars) {
        for (Map.Entry<Path, String> jar : jars.entrySet()) {
            String entry = entries.getProperty(jar.getKey().getFileName().toString());
            if (entry == null || !entry.startsWith(jar.getValue() + SEPARATOR)) {
                continue;
            }
            String types = entry.substring(jar.getValue().length() + SEPARATOR.length());
            if (Arrays.asList(types.split(",")).contains(typeFullName)) {
                return Optional.of(jar.getKey());
            }
        }
        return Optional.empty();
    }

    /** Remembers that {@code jar}, with {@code stamp}, gave {@code typeFullNames}. */
    void record(Path jar, String stamp, List<String> typeFullNames) {
        String entry = stamp + SEPARATOR + String.join(",", typeFullNames);
        Object earlier = entries.setProperty(jar.getFileName().toString(), entry);
        changed |= !entry.equals(earlier);
    }

    /**
     * Writes what was recorded since the last save, without the entries of JARs no longer in the folder
     * ({@code jars} lists it, asked only when there is something to write). Written whole under another name and moved
     * into place, so that a host reading it beside this one never sees half of it.
     */
    void saveChanges(Supplier<Map<Path, String>> jars) {
        if (!changed) {
            return;
        }
        changed = false;
        Set<String> present = new HashSet<>();
        jars.get().keySet().forEach(jar -> present.add(jar.getFileName().toString()));
        entries.keySet().removeIf(name -> !present.contains((String) name));
        Path partial = file.resolveSibling(FILE_NAME + "." + ProcessHandle.current().pid());
        try {
            try (Writer writer = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
                entries.store(writer, "element Types per plugin JAR, written by the ElementKit host: a hint, safe to"
                        + " delete");
            }
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("cannot write the type index {}: {}", file, e.toString());
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // nothing more to do for a hint
            }
        }
    }
}
