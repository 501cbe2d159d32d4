package dev.elementkit.devportal.runtime;

import dev.elementkit.platform.element.ElementType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Real PF4J plugin JARs made at test time: Java sources compiled with the JDK's compiler against the platform
 * API, packed with {@code Plugin-*} manifest entries and {@code META-INF/extensions.idx}. They exercise the host's
 * plugin handling (broken JARs, failing starts, version checks, hot loading) without depending on another
 * module's build.
 */
public final class TestPluginJars {

    /** {@code tests.MemoType}: a minimal element Type whose instances leave files in appData while open. */
    public static final String MEMO_TYPE = "tests.MemoType";

    private static final String MEMO_SOURCES_PACKAGE = "memo";

    private TestPluginJars() {
    }

    /** A file named like a plugin that is not a ZIP at all. */
    public static Path corrupt(Path dir, String fileName) throws IOException {
        Files.createDirectories(dir);
        return Files.write(dir.resolve(fileName), "this is not a zip file".getBytes(StandardCharsets.UTF_8));
    }

    /** A valid JAR whose manifest has no {@code Plugin-Id}. */
    public static Path withoutPluginId(Path dir, String fileName) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Plugin-Version", "1.0.0");
        return jar(dir.resolve(fileName), manifest, Map.of("readme.txt", "no descriptor here".getBytes(StandardCharsets.UTF_8)));
    }

    /** A plugin whose {@code start()} throws. */
    public static Path throwingStart(Path dir, String pluginId) throws IOException {
        String source = "package bad;\n"
                + "public class BadPlugin extends org.pf4j.Plugin {\n"
                + "  @Override public void start() { throw new IllegalStateException(\"boom: cannot open the backend\"); }\n"
                + "}\n";
        return plugin(dir, pluginId, "1.0.0", ">=1.0.0", "bad.BadPlugin", Map.of("bad.BadPlugin", source), List.of());
    }

    private static final Map<String, Path> BUILT = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The memo-type plugin, requiring {@code requires}, copied into {@code dir} (compiled once per JVM and
     * arguments, since compiling takes a second).
     */
    public static synchronized Path memoPlugin(Path dir, String pluginId, String requires) throws IOException {
        Path built = BUILT.get(pluginId + " " + requires);
        if (built == null) {
            built = plugin(Files.createTempDirectory("memo-plugin"), pluginId, "1.0.0", requires, "memo.MemoPlugin",
                    memoSources(), List.of("memo.MemoType"));
            BUILT.put(pluginId + " " + requires, built);
        }
        Files.createDirectories(dir);
        return Files.copy(built, dir.resolve(built.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static Map<String, String> memoSources() {
        String plugin = "package memo;\n"
                + "public class MemoPlugin extends org.pf4j.Plugin {\n"
                + "}\n";
        String config = "package memo;\n"
                + "import dev.elementkit.platform.config.DefaultValue;\n"
                + "import dev.elementkit.platform.config.Secret;\n"
                + "import jakarta.validation.constraints.Min;\n"
                + "import jakarta.validation.constraints.NotBlank;\n"
                + "public record MemoConfig(@NotBlank String label, @Min(1) @DefaultValue(\"1\") Integer size,\n"
                + "                         Secret token) {}\n";
        String element = "package memo;\n"
                + "import java.nio.file.*;\n"
                + "public final class MemoElement implements dev.elementkit.platform.element.Element {\n"
                + "  private final String fullName; private final Path marker; private final MemoConfig config;\n"
                + "  MemoElement(String fullName, Path marker, MemoConfig config) throws Exception {\n"
                + "    this.fullName = fullName; this.marker = marker; this.config = config;\n"
                + "    Files.createDirectories(marker.getParent()); Files.writeString(marker, \"open\");\n"
                + "  }\n"
                + "  public String fullName() { return fullName; }\n"
                + "  public String describe() { return config.label() + \"/\" + config.size() + \"/\"\n"
                + "      + (config.token() == null ? \"\" : config.token().reveal()); }\n"
                + "  @Override public String toString() { return describe(); }\n"
                + "  public void close() { try { Files.deleteIfExists(marker); } catch (Exception e) { throw new RuntimeException(e); } }\n"
                + "}\n";
        String type = "package memo;\n"
                + "import dev.elementkit.platform.connection.*;\n"
                + "import dev.elementkit.platform.element.*;\n"
                + "import java.time.Duration;\n"
                + "@org.pf4j.Extension\n"
                + "public class MemoType implements ElementType<MemoConfig> {\n"
                + "  public TypeDescriptor descriptor() { return new TypeDescriptor(\"" + MEMO_TYPE + "\", \"tests.Meta\",\n"
                + "      \"Memo\", \"Testing\", \"\", \"Remembers its configuration\"); }\n"
                + "  public Class<MemoConfig> configClass() { return MemoConfig.class; }\n"
                + "  public Class<? extends Element> instanceInterface() { return Element.class; }\n"
                + "  public Element create(ElementContext context, MemoConfig config) throws Exception {\n"
                + "    if (config.label().equals(\"explode\")) throw new IllegalStateException(\"the memo backend refused\");\n"
                + "    if (config.label().equals(\"hang\")) { while (true) { try { Thread.sleep(60_000); } catch (InterruptedException e) { } } }\n"
                + "    return new MemoElement(context.fullName(), context.appDataDir().resolve(\"memo\").resolve(context.fullName() + \"-\" + config.label() + \".open\"), config);\n"
                + "  }\n"
                + "  public ConnectionTestResult testConnection(ElementContext context, MemoConfig config, Duration timeout) {\n"
                + "    ConnectionTest test = ConnectionTest.start(timeout, e -> new ConnectionTest.Failure(TestCode.UNREACHABLE, e.getMessage()), \"look\", \"write\");\n"
                + "    try {\n"
                + "      test.step(\"look\", () -> { if (config.label().equals(\"slow\")) { Thread.sleep(60_000); } return config.label(); }, l -> \"found \" + l);\n"
                + "      test.step(\"write\", () -> { if (config.label().equals(\"down\")) throw new java.io.IOException(\"memo store is down\"); return 1; }, n -> \"wrote \" + n);\n"
                + "      test.detail(\"label\", config.label());\n"
                + "      return test.succeeded(\"memo \" + config.label() + \" works\");\n"
                + "    } catch (ConnectionTest.StepFailedException e) { return test.failed(); }\n"
                + "  }\n"
                + "}\n";
        return Map.of("memo.MemoPlugin", plugin, "memo.MemoConfig", config, "memo.MemoElement", element,
                "memo.MemoType", type);
    }

    /** A plugin whose {@code start()} never returns and ignores interrupts: the worst a plugin can do to a host. */
    public static Path blockingStart(Path dir, String pluginId) throws IOException {
        String source = "package stuck;\n"
                + "public class StuckPlugin extends org.pf4j.Plugin {\n"
                + "  @Override public void start() {\n"
                + "    while (true) { try { Thread.sleep(60_000); } catch (InterruptedException ignored) { } }\n"
                + "  }\n"
                + "}\n";
        return plugin(dir, pluginId, "1.0.0", ">=1.0.0", "stuck.StuckPlugin", Map.of("stuck.StuckPlugin", source),
                List.of());
    }

    /** A plugin whose {@code stop()} never returns and ignores interrupts. */
    public static Path blockingStop(Path dir, String pluginId) throws IOException {
        String source = "package stuckstop;\n"
                + "public class StuckStopPlugin extends org.pf4j.Plugin {\n"
                + "  @Override public void stop() {\n"
                + "    while (true) { try { Thread.sleep(60_000); } catch (InterruptedException ignored) { } }\n"
                + "  }\n"
                + "}\n";
        return plugin(dir, pluginId, "1.0.0", ">=1.0.0", "stuckstop.StuckStopPlugin",
                Map.of("stuckstop.StuckStopPlugin", source), List.of());
    }

    /** A plugin whose constructor throws. */
    public static Path throwingConstructor(Path dir, String pluginId) throws IOException {
        String source = "package ctor;\n"
                + "public class CtorPlugin extends org.pf4j.Plugin {\n"
                + "  public CtorPlugin() { throw new IllegalStateException(\"no configuration for the constructor\"); }\n"
                + "}\n";
        return plugin(dir, pluginId, "1.0.0", ">=1.0.0", "ctor.CtorPlugin", Map.of("ctor.CtorPlugin", source),
                List.of());
    }

    /**
     * A plugin JAR with a working plugin class whose manifest holds exactly {@code attributes} (a null value leaves
     * the entry out), e.g. to give a bad id, version or {@code Plugin-Requires}.
     */
    public static Path withManifest(Path dir, String fileName, Map<String, String> attributes) throws IOException {
        Path built = plugin(Files.createTempDirectory("manifest-plugin"), "manifest-test", "1.0.0", ">=1.0.0",
                "dep.DependentPlugin", Map.of("dep.DependentPlugin",
                        "package dep;\npublic class DependentPlugin extends org.pf4j.Plugin {\n}\n"), List.of());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.forEach((name, value) -> {
            if (value != null) {
                manifest.getMainAttributes().putValue(name, value);
            }
        });
        return jar(dir.resolve(fileName), manifest, entriesOf(built));
    }

    /**
     * The memo plugin with a copy of cache-elements inside (two of its classes, taken from the host's class path),
     * as a plugin whose pom forgot provided scope is shaded.
     */
    public static Path bundlingCacheElements(Path dir, String pluginId) throws IOException {
        Path built = plugin(Files.createTempDirectory("bundling-plugin"), pluginId, "1.0.0", ">=1.0.0",
                "memo.MemoPlugin", memoSources(), List.of("memo.MemoType"));
        Map<String, byte[]> entries = entriesOf(built);
        for (Class<?> hostClass : List.of(dev.elementkit.cache.Cache.class, dev.elementkit.cache.spi.CacheBackend.class)) {
            String name = hostClass.getName().replace('.', '/') + ".class";
            try (java.io.InputStream in = hostClass.getClassLoader().getResourceAsStream(name)) {
                entries.put(name, in.readAllBytes());
            }
        }
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(built.toFile())) {
            return jar(dir.resolve(built.getFileName()), jar.getManifest(), entries);
        }
    }

    /** Every file of a JAR but its manifest, by name. */
    private static Map<String, byte[]> entriesOf(Path built) throws IOException {
        Map<String, byte[]> entries = new java.util.TreeMap<>();
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(built.toFile())) {
            for (JarEntry entry : java.util.Collections.list(jar.entries())) {
                if (!entry.isDirectory() && !entry.getName().equals("META-INF/MANIFEST.MF")) {
                    entries.put(entry.getName(), jar.getInputStream(entry).readAllBytes());
                }
            }
        }
        return entries;
    }

    /**
     * A plugin without types whose {@code Plugin-Dependencies} is {@code dependency} (PF4J's syntax: ids separated by
     * commas, each with an optional {@code @versionRange}).
     */
    public static Path dependent(Path dir, String pluginId, String dependency) throws IOException {
        String source = "package dep;\npublic class DependentPlugin extends org.pf4j.Plugin {\n}\n";
        return plugin(dir, pluginId, "1.0.0", ">=1.0.0", "dep.DependentPlugin", Map.of("dep.DependentPlugin", source),
                List.of(), dependency);
    }

    /** Compiles {@code sources} (class name → source) and packs a plugin JAR into {@code dir}. */
    public static Path plugin(Path dir, String pluginId, String version, String requires, String pluginClass,
                              Map<String, String> sources, List<String> extensions) throws IOException {
        return plugin(dir, pluginId, version, requires, pluginClass, sources, extensions, "");
    }

    private static Path plugin(Path dir, String pluginId, String version, String requires, String pluginClass,
                               Map<String, String> sources, List<String> extensions, String dependencies)
            throws IOException {
        Path work = Files.createTempDirectory("plugin-src");
        Path classes = work.resolve("classes");
        Files.createDirectories(classes);
        List<String> files = new ArrayList<>();
        for (Map.Entry<String, String> entry : sources.entrySet()) {
            Path file = work.resolve("src").resolve(entry.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, entry.getValue());
            files.add(file.toString());
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-proc:none", "--release", "17", "-d", classes.toString(),
                "-classpath", compileClasspath()));
        args.addAll(files);
        int rc = compiler.run(null, null, null, args.toArray(String[]::new));
        if (rc != 0) {
            throw new IllegalStateException("compiling the test plugin " + pluginId + " failed");
        }
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Plugin-Id", pluginId);
        main.putValue("Plugin-Version", version);
        main.putValue("Plugin-Requires", requires);
        main.putValue("Plugin-Class", pluginClass);
        main.putValue("Plugin-Provider", "tests");
        main.putValue("Plugin-Dependencies", dependencies);
        Map<String, byte[]> entries = new java.util.TreeMap<>();
        try (Stream<Path> walk = Files.walk(classes)) {
            for (Path file : walk.filter(Files::isRegularFile).collect(Collectors.toList())) {
                entries.put(classes.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
            }
        }
        if (!extensions.isEmpty()) {
            entries.put("META-INF/extensions.idx", (String.join("\n", extensions) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return jar(dir.resolve(pluginId + "-" + version + ".jar"), manifest, entries);
    }

    private static Path jar(Path target, Manifest manifest, Map<String, byte[]> entries) throws IOException {
        Files.createDirectories(target.getParent());
        try (OutputStream out = Files.newOutputStream(target); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(entry.getKey()));
                jar.write(entry.getValue());
                jar.closeEntry();
            }
        }
        return target;
    }

    private static String compileClasspath() {
        // cache-elements too: the memo plugin is written as for 1.0.0, with ConnectionTest's old name (now there).
        return Stream.of(ElementType.class, dev.elementkit.cache.Cache.class, org.pf4j.Plugin.class,
                        jakarta.validation.constraints.NotBlank.class)
                .map(TestPluginJars::locationOf).collect(Collectors.joining(java.io.File.pathSeparator));
    }

    private static String locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies an app folder (e.g. the demo app) into {@code target}, without its runtime data and secrets. */
    public static Path copyTree(Path source, Path target) {
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path path : walk.collect(Collectors.toList())) {
                String first = path.equals(source) ? "" : source.relativize(path).getName(0).toString();
                if (first.equals("appData") || first.equals(".env")) {
                    continue;
                }
                Path to = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(path, to);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }
}
