package dev.elementkit.devportal.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * The plugins folder as the host watches it: which JARs are there, which are new or changed since the host last
 * handled them, and which are gone. A new or changed JAR is reported once it is settled (its size and time stopped
 * changing between two looks, or it is untouched for a moment and reads as a whole ZIP), so a JAR being copied is
 * never read half-written. Hidden files ({@code .name.jar}, the host's own staging copies) are not plugins.
 * Not thread-safe: the runtime serializes looks.
 */
final class PluginFolder {

    /** How long a JAR must be left untouched before one look at it is enough. */
    private static final long SETTLE_MILLIS = 300;

    /** What one look found: JARs whose plugin must go, and JARs ready to be loaded. */
    record Changes(List<Path> removed, List<Path> ready) {
    }

    private final Path dir;
    private final Map<Path, String> pendingStamps = new HashMap<>();

    PluginFolder(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create the plugins folder " + dir + ": " + e.getMessage(), e);
        }
    }

    Path dir() {
        return dir;
    }

    /** The plugin JARs there now, with their stamps, in path order. */
    Map<Path, String> list() {
        Map<Path, String> jars = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(PluginFolder::isPluginJar).filter(Files::isRegularFile)
                    .forEach(p -> jars.put(p.toAbsolutePath().normalize(), HostSupport.stampOf(p)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the plugins folder " + dir + ": " + e.getMessage(), e);
        }
        return jars;
    }

    /**
     * Compares the folder with what the host handled.
     *
     * @param handled the stamp each JAR had when the host last loaded it or recorded its failure
     */
    Changes look(Map<Path, String> handled) {
        Map<Path, String> present = list();
        List<Path> removed = handled.keySet().stream().filter(path -> !present.containsKey(path)).toList();
        pendingStamps.keySet().removeIf(path -> !present.containsKey(path));
        List<Path> ready = new ArrayList<>();
        present.forEach((path, stamp) -> {
            if (stamp.equals(handled.get(path))) {
                pendingStamps.remove(path);
            } else if (stamp.equals(pendingStamps.get(path)) || isSettled(path)) {
                ready.add(path);
                pendingStamps.remove(path);
            } else {
                pendingStamps.put(path, stamp);
            }
        });
        return new Changes(removed, ready);
    }

    private static boolean isPluginJar(Path path) {
        String name = path.getFileName().toString();
        return name.endsWith(".jar") && !name.startsWith(".");
    }

    /**
     * True when a JAR can be loaded on first sight: untouched for a moment and readable as a whole ZIP (a file still
     * being copied has no central directory yet). Saves the second look, which made a drop-in take over 2 s.
     */
    private static boolean isSettled(Path jar) {
        try {
            long age = System.currentTimeMillis() - Files.getLastModifiedTime(jar).toMillis();
            if (age < SETTLE_MILLIS) {
                return false;
            }
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                return zip.size() > 0;
            }
        } catch (IOException e) {
            return false;
        }
    }
}
