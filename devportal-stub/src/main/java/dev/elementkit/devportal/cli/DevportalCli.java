package dev.elementkit.devportal.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code devportal}: the host's command line. Each subcommand is its own class; they share {@link HostOptionsMixin}
 * for {@code --app} and {@code --plugins}.
 */
@Command(name = "devportal", mixinStandardHelpOptions = true,
        versionProvider = DevportalCli.Version.class,
        description = "Element plugin host: list types and elements, test connections, serve the portal, run scripts.",
        subcommands = {
                TypesCommand.class,
                ElementsCommand.class,
                TestCommand.class,
                ServeCommand.class,
                ShellCommand.class,
                RunCommand.class,
                CommandLine.HelpCommand.class
        })
public final class DevportalCli {

    /** Exit code for a usage error (picocli's convention). */
    public static final int USAGE = 2;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code, without exiting: tests call this. */
    public static int execute(String... args) {
        return new CommandLine(new DevportalCli()).execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"devportal " + dev.elementkit.platform.PlatformVersion.current()};
        }
    }
}
