package dev.elementkit.devportal.cli;

import dev.elementkit.devportal.runtime.Host;
import dev.elementkit.devportal.scripting.ScriptResult;
import dev.elementkit.devportal.scripting.ScriptRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code devportal run SCRIPT.jsh [--app DIR] [args…]}: runs a Java script against the app without interaction.
 * Exit code 0 when every snippet ran; 1 when one did not compile or threw (the error names the script line) or the
 * app cannot be opened; 2 for a usage error (no such script file).
 */
@Command(name = "run",
        description = {
                "Runs a Java script (JShell snippets) against the app, without interaction.",
                "The script starts with `app` (the opened App) and `args` (String[]) defined and the cache types "
                        + "imported: Cache cache = app.getElement(\"caches.Default\");",
                "Exits with 1 when the script fails, naming the script line; arguments after the script go to "
                        + "`args` (use -- before ones that look like devportal options)."})
final class RunCommand implements Callable<Integer> {

    @Mixin
    HostOptionsMixin options;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Parameters(index = "0", paramLabel = "SCRIPT.jsh", description = "The script file.")
    Path script;

    @Parameters(index = "1..*", paramLabel = "ARG", description = "Arguments for the script (`args`).")
    List<String> args = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isRegularFile(script)) {
            err.println("devportal run: no script file " + script);
            return DevportalCli.USAGE;
        }
        // An app that cannot be opened raises IllegalArgumentException naming the file: the CLI reports it.
        try (Host host = Host.open(options.hostOptions())) {
            ScriptResult result = ScriptRunner.run(host.app(), script, args);
            if (!result.succeeded()) {
                // The script's own output went to System.out; flush it first so the error comes after it.
                System.out.flush();
                err.println(result.error());
                err.flush();
            }
            return result.exitCode();
        }
    }
}
