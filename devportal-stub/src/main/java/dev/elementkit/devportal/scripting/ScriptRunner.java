package dev.elementkit.devportal.scripting;

import dev.elementkit.platform.app.App;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;

/**
 * Runs a Java script (JShell snippets: statements, declarations, expressions) against an opened app, without
 * interaction. The script starts with {@code app} (the {@link App}) and {@code args} ({@code String[]}) defined and
 * the cache and platform types imported:
 * <pre>{@code
 * Cache cache = app.getElement("caches.Default");
 * cache.set("user:1001:name", "John", 3600);
 * System.out.println(cache.get("user:1001:name"));
 * }</pre>
 * Snippets run in order on the calling thread, in this JVM, so {@code app} is the live app; what they print goes to
 * {@code System.out}. The first snippet that does not compile or throws ends the run, and the result names its line.
 * Expression values are not echoed (unlike the interactive shell): scripts print what they mean to show.
 */
public final class ScriptRunner {

    private ScriptRunner() {
    }

    /**
     * Runs the script file. The caller owns {@code app} and closes it afterwards; everything the run itself created
     * (the JShell, the snippet classes) is released before this returns.
     *
     * @throws IOException when the file cannot be read
     */
    public static ScriptResult run(App app, Path script, List<String> args) throws IOException {
        return run(app, script.toString(), Files.readString(script), args);
    }

    /**
     * Runs {@code source} as the script called {@code scriptName} (the name errors start with).
     */
    public static ScriptResult run(App app, String scriptName, String source, List<String> args) {
        try (ScriptBindings.Binding binding = ScriptBindings.bind(app, args);
             JShell shell = JShell.builder()
                     .executionEngine(new HostExecutionControlProvider(), Map.of())
                     .build()) {
            ScriptStartup.classPath().forEach(shell::addToClasspath);
            for (String snippet : ScriptStartup.snippets(binding.id())) {
                requireValid(shell, snippet);
            }
            return new ScriptEvaluation(shell, new ScriptText(scriptName, source)).run();
        }
    }

    /** A startup snippet that fails means the host's types are not visible: a packaging fault, not the script's. */
    private static void requireValid(JShell shell, String snippet) {
        for (SnippetEvent event : shell.eval(snippet)) {
            if (event.status() != Snippet.Status.VALID || event.exception() != null) {
                String why = shell.diagnostics(event.snippet())
                        .map(diag -> diag.getMessage(Locale.ROOT))
                        .collect(Collectors.joining("; "));
                throw new IllegalStateException("script startup failed at `" + snippet + "`: "
                        + (why.isEmpty() ? String.valueOf(event.exception()) : why)
                        + " (class path: " + ScriptStartup.classPath() + ")");
            }
        }
    }
}
