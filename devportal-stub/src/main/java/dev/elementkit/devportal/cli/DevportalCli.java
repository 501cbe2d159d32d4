package dev.elementkit.devportal.cli;

import dev.elementkit.devportal.runtime.StartupTrace;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code devportal}: the host's command line. Each subcommand is its own class; they share {@link HostOptionsMixin}
 * for {@code --app} and {@code --plugins}.
 *
 * <p>Exit codes: {@value #OK} success; {@value #FAILED} the command ran and the answer is "no" (a failed connection
 * test, a broken element) or the app/plugins folder cannot be opened; {@value #USAGE} a usage error.
 */
@Command(name = "devportal", mixinStandardHelpOptions = true,
        versionProvider = DevportalCli.Version.class,
        description = "Element plugin host: list types and elements, test connections, serve the portal or the cache"
                + " services (/api/v2), manage their API keys, run scripts.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:a failed test, a broken element, or an app that cannot be opened",
                "2:usage error"})
public final class DevportalCli {

    /** The subcommands, in the order the usage help lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(
            TypesCommand.class,
            ElementsCommand.class,
            StatsCommand.class,
            TestCommand.class,
            CacheCommand.class,
            ServeCommand.class,
            ApiCommand.class,
            KeysCommand.class,
            ShellCommand.class,
            RunCommand.class,
            CommandLine.HelpCommand.class);

    /** Exit code for success. */
    public static final int OK = 0;
    /** Exit code for a command that ran and failed (a failed test, a broken element, an unreadable app). */
    public static final int FAILED = 1;
    /** Exit code for a usage error (picocli's convention). */
    public static final int USAGE = 2;

    public static void main(String[] args) {
        StartupTrace.mark("main");
        // PF4J logs each broken plugin with a stack trace; the host records the reason and the commands show it.
        if (System.getProperty("org.slf4j.simpleLogger.log.org.pf4j") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.org.pf4j", "off");
        }
        // Lettuce leaves a handshake timeout pending after a refused connection; when the command closes the app
        // (elements --connect, test, run) before it fires, Netty logs a 23-line RejectedExecutionException trace
        // for a notification nobody waits for any more. The failure itself is already reported as UNAVAILABLE.
        String rejected = "org.slf4j.simpleLogger.log.io.netty.util.concurrent.DefaultPromise.rejectedExecution";
        if (System.getProperty(rejected) == null) {
            System.setProperty(rejected, "off");
        }
        // Hibernate Validator logs through JBoss Logging, which would pick java.util.logging without this.
        if (System.getProperty("org.jboss.logging.provider") == null) {
            System.setProperty("org.jboss.logging.provider", "slf4j");
        }
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        // `devportal api` is a production server: its request log and warnings are the operator's, on its output.
        boolean headlessServer = args.length > 0 && args[0].equals("api");
        quietLibraries(headlessServer || java.util.Arrays.asList(args).contains(HostOptionsMixin.VERBOSE));
        int status = execute(args);
        StartupTrace.mark("command done");
        System.exit(status);
    }

    /**
     * The terminal shows our sentences; the libraries' log lines (Lettuce's reconnect warnings, Javalin's start
     * errors before our "address in use" message, the JDK's "Created user preferences directory") go to a log file
     * unless {@code --verbose}. Set before the first logger exists: slf4j-simple reads its settings once.
     */
    static void quietLibraries(boolean verbose) {
        if (verbose || System.getProperty("org.slf4j.simpleLogger.logFile") != null) {
            return;
        }
        java.nio.file.Path log = java.nio.file.Path.of(System.getProperty("user.home"), ".elementkit", "devportal.log");
        try {
            java.nio.file.Files.createDirectories(log.getParent());
            System.setProperty("org.slf4j.simpleLogger.logFile", log.toString());
            System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        } catch (java.io.IOException | SecurityException e) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "off"); // nowhere to write: say nothing
        }
        // java.util.logging (the JDK's preferences, jshell) prints INFO to the console by default.
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
    }

    /** Runs the command line and returns its exit code, without exiting: tests call this. */
    public static int execute(String... args) {
        return commandLine(args).execute(args);
    }

    /** Runs the command line with its output and errors going to the given writers (flushed before returning). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = commandLine(args);
        commandLine.setOut(out);
        commandLine.setErr(err);
        try {
            return commandLine.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static CommandLine commandLine(String... args) {
        CommandLine commandLine = new CommandLine(new DevportalCli());
        // picocli builds a subcommand's model from its annotations by reflection, a good part of a short command's
        // start: a command line naming a subcommand gets that one alone; help, errors and the bare command get all.
        String first = args.length > 0 ? args[0] : "";
        List<Class<?>> named = SUBCOMMANDS.stream()
                .filter(command -> command.getAnnotation(Command.class).name().equals(first)).toList();
        boolean alone = named.size() == 1 && named.get(0) != CommandLine.HelpCommand.class;
        (alone ? named : SUBCOMMANDS).forEach(commandLine::addSubcommand);
        // An app folder that cannot be opened or a host error is reported as one line, not a stack trace.
        commandLine.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            cmd.getErr().println("devportal " + cmd.getCommandName() + ": " + (e.getMessage() == null
                    ? e.getClass().getSimpleName() : e.getMessage()));
            return FAILED;
        });
        return commandLine;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"devportal " + dev.elementkit.platform.PlatformVersion.current()};
        }
    }
}
