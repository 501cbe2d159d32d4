package dev.elementkit.devportal.cli;

import dev.elementkit.devportal.runtime.HostOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --app} and {@code --plugins}, shared by every subcommand. Defaults come from the launcher: the system
 * property {@code elementkit.home} is the repository root, whose {@code examples/demo-app} and {@code plugins}
 * make the commands work right after cloning and building.
 */
public final class HostOptionsMixin {

    @Option(names = "--app", paramLabel = "DIR", description = "The app folder (holding app.json). Default: ${DEFAULT-VALUE}",
            defaultValue = "${sys:elementkit.home:-.}/examples/demo-app")
    Path app;

    @Option(names = "--plugins", paramLabel = "DIR", description = "The plugins folder. Default: ${DEFAULT-VALUE}",
            defaultValue = "${sys:elementkit.home:-.}/plugins")
    Path plugins;

    /** Read by {@link DevportalCli#main} before any logger exists; declared here so that every command accepts it. */
    static final String VERBOSE = "--verbose";

    @Option(names = VERBOSE, description = "Show the libraries' log lines in the terminal too (otherwise they go to "
            + "~/.elementkit/devportal.log).")
    boolean verbose;

    /**
     * The host options these flags give, with the process environment. Plugins start on demand: a command that
     * uses one element starts its plugin alone, and a listing starts every one, as it did before.
     */
    public HostOptions hostOptions() {
        return HostOptions.of(app, plugins).startingPluginsOnDemand(true);
    }

    public Path app() {
        return app;
    }

    public Path plugins() {
        return plugins;
    }
}
