package dev.elementkit.devportal.scripting;

import dev.elementkit.platform.app.App;
import dev.elementkit.platform.app.ElementInfo;
import dev.elementkit.platform.app.ElementStatus;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.prefs.Preferences;
import jdk.jshell.tool.JavaShellToolBuilder;

/**
 * The interactive Java shell over an opened app: the JDK's jshell tool (line editing, history, Tab completion,
 * {@code /help}) running in this JVM, with {@code app} bound to the live {@link App} and the cache and platform types
 * imported, exactly as scripts start (see {@link ScriptRunner}).
 */
public final class ScriptShell {

    /** History and settings of this shell, kept apart from the user's own jshell. */
    private static final String PREFERENCES_NODE = "dev/elementkit/devportal/shell";

    private ScriptShell() {
    }

    /**
     * Runs the shell on the process's standard streams until the user leaves it ({@code /exit} or end of input).
     * The caller owns {@code app} and closes it afterwards.
     *
     * @return the shell's exit code ({@code /exit 3} gives 3)
     */
    public static int run(App app) throws Exception {
        printWelcome(app, System.out);
        try (ScriptBindings.Binding binding = ScriptBindings.bind(app, List.of())) {
            Path startup = Files.createTempFile("devportal-shell-startup", ".jsh");
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            try {
                Files.writeString(startup, String.join("\n", ScriptStartup.snippets(binding.id())) + "\n");
                // The tool looks execution engines up with the context class loader; ours is registered beside us.
                thread.setContextClassLoader(ScriptShell.class.getClassLoader());
                return JavaShellToolBuilder.builder()
                        .persistence(Preferences.userRoot().node(PREFERENCES_NODE))
                        .start("--execution", HostExecutionControlProvider.NAME,
                                "--class-path", String.join(File.pathSeparator, ScriptStartup.classPath()),
                                "--startup", startup.toString());
            } finally {
                thread.setContextClassLoader(previous);
                deleteQuietly(startup);
            }
        }
    }

    private static void printWelcome(App app, PrintStream out) {
        out.println("devportal shell: `app` is " + app.appId() + " (" + app.root() + ")");
        List<ElementInfo> elements = app.elements();
        if (elements.isEmpty()) {
            out.println("  The app has no elements yet.");
        } else {
            out.println("  Elements:");
            for (ElementInfo element : elements) {
                out.println("    " + element.fullName() + "  " + element.type() + "  " + element.status());
            }
            String example = elements.stream()
                    .filter(element -> element.fullName().startsWith("caches."))
                    .filter(element -> element.status() != ElementStatus.BROKEN)
                    .map(ElementInfo::fullName)
                    .min(Comparator.comparing((String name) -> !name.equals("caches.Default")))
                    .orElse("caches.Default");
            out.println("  Try:  Cache cache = app.getElement(\"" + example + "\");");
        }
        out.println("  Tab completes; /help for help; /exit to leave.");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // A temp file left behind is harmless; the shell's exit code matters more.
        }
    }
}
