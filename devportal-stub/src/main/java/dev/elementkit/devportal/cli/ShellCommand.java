package dev.elementkit.devportal.cli;

import dev.elementkit.devportal.runtime.Host;
import dev.elementkit.devportal.scripting.ScriptShell;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

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

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Host host;
        try {
            host = Host.open(options.hostOptions());
        } catch (IllegalArgumentException e) {
            err.println("devportal shell: " + e.getMessage());
            return DevportalCli.USAGE;
        }
        try (host) {
            return ScriptShell.run(host.app());
        }
    }
}
