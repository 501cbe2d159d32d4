package dev.elementkit.devportal.cli;

import dev.elementkit.devportal.runtime.Host;
import dev.elementkit.devportal.scripting.ScriptShell;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code devportal shell [--app DIR]}: the interactive Java shell (jshell) with {@code app} bound to the opened app.
 * The host stays open while the shell runs and is closed when the user leaves it.
 */
@Command(name = "shell",
        description = {
                "Interactive Java shell (jshell) with `app` bound to the opened app and the cache types imported.",
                "Try: Cache cache = app.getElement(\"caches.Default\");  Tab completes, /exit leaves."})
final class ShellCommand implements Callable<Integer> {

    @Mixin
    HostOptionsMixin options;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Override
    public Integer call() throws Exception {
        // An app that cannot be opened raises IllegalArgumentException naming the file: the CLI reports it.
        try (Host host = Host.open(options.hostOptions())) {
            return ScriptShell.run(host.app());
        }
    }
}
