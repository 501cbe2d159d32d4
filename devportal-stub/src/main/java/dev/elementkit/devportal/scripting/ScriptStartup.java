package dev.elementkit.devportal.scripting;

import dev.elementkit.cache.Cache;
import dev.elementkit.platform.app.App;
import dev.elementkit.platform.element.Element;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What every script and shell starts with: the imports and the {@code app} and {@code args} variables. The shell
 * and the runner share it so that a snippet that works in one works in the other.
 */
final class ScriptStartup {

    /** The JShell tool's default imports, then the platform's: scripts name {@code Cache}, not its package. */
    static final List<String> IMPORTS = List.of(
            "java.io.*",
            "java.math.*",
            "java.net.*",
            "java.nio.file.*",
            "java.util.*",
            "java.util.concurrent.*",
            "java.util.function.*",
            "java.util.prefs.*",
            "java.util.regex.*",
            "java.util.stream.*",
            "dev.elementkit.cache.*",
            "dev.elementkit.platform.app.*",
            Element.class.getName());

    private ScriptStartup() {
    }

    /** The startup snippets, one per line, reading the app and arguments bound under {@code bindingId}. */
    static List<String> snippets(String bindingId) {
        String bindings = ScriptBindings.class.getName();
        List<String> imports = IMPORTS.stream().map(name -> "import " + name + ";").toList();
        return concat(imports, List.of(
                "App app = " + bindings + ".app(\"" + bindingId + "\");",
                "String[] args = " + bindings + ".args(\"" + bindingId + "\");"));
    }

    /**
     * Where the compiler finds the types scripts use. The snippet class loader reaches them through its parent
     * anyway; javac needs them named because the host may not be on {@code java.class.path} (embedded, tests).
     */
    static List<String> classPath() {
        Set<String> entries = new LinkedHashSet<>();
        for (Class<?> type : List.of(App.class, Cache.class, ScriptBindings.class)) {
            CodeSource source = type.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null) {
                try {
                    entries.add(Path.of(source.getLocation().toURI()).toString());
                } catch (URISyntaxException | IllegalArgumentException notAFile) {
                    // A class from a non-file location is still reachable through the parent loader at run time.
                }
            }
        }
        return List.copyOf(entries);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
