package dev.elementkit.devportal.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The real plugin JARs (element-sqlite, element-redis) the build put into the folder named by the system property
 * {@code elementkit.plugins.dir} (failsafe passes it), and the demo app of the repository.
 */
public final class BuiltPlugins {

    private BuiltPlugins() {
    }

    /** The built JAR; fails (never skips) when the build did not make it, since the build always should. */
    public static Path built() {
        return built("element-sqlite");
    }

    /** The built JAR of plugin module {@code pluginId}, e.g. {@code element-redis}. */
    public static Path built(String pluginId) {
        String dir = System.getProperty("elementkit.plugins.dir");
        if (dir == null) {
            throw new IllegalStateException("system property elementkit.plugins.dir is not set: run this test with"
                    + " `mvn verify`, whose failsafe configuration passes the plugins folder");
        }
        try (Stream<Path> files = Files.list(Path.of(dir))) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().matches(pluginId + "-\\d.*\\.jar"))
                    .collect(Collectors.toList());
            if (jars.size() != 1) {
                throw new IllegalStateException("expected one " + pluginId + "-*.jar in " + dir + ", found " + jars
                        + ": build it with `mvn -pl " + pluginId + " -am package`");
            }
            return jars.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the plugins folder " + dir, e);
        }
    }

    /** Copies the built element-sqlite JAR into {@code pluginsDir}. */
    public static Path copyTo(Path pluginsDir) throws IOException {
        return copyTo(pluginsDir, "element-sqlite");
    }

    /** Copies the built JAR of {@code pluginId} into {@code pluginsDir}. */
    public static Path copyTo(Path pluginsDir, String pluginId) throws IOException {
        Files.createDirectories(pluginsDir);
        Path jar = built(pluginId);
        return Files.copy(jar, pluginsDir.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The repository's demo app: {@code examples/demo-app} above the module folder. */
    public static Path demoApp() {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("examples/demo-app");
            if (Files.isRegularFile(candidate.resolve("app.json"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("examples/demo-app not found above " + here);
    }

    /** How many file descriptors of this process point at {@code file} (Linux): one per open SQLite connection. */
    public static long openDescriptors(Path file) throws IOException {
        Path target = file.toRealPath();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).equals(target);
                } catch (IOException | UnsupportedOperationException e) {
                    return false;
                }
            }).count();
        }
    }
}
