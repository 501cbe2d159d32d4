package dev.elementkit.devportal.cli;

import dev.elementkit.devportal.runtime.Host;
import dev.elementkit.devportal.runtime.StartupTrace;
import dev.elementkit.platform.connection.ConnectionTestResult;
import dev.elementkit.platform.connection.TestStep;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code devportal test <fullName>}: the element's test-connection, step by step; exit code 0 only on success. */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Tests a saved element's connection to its backend (variables resolved) and shows each step"
                + " with its outcome and latency. Exit code 0 only when the test succeeds.")
final class TestCommand implements Callable<Integer> {

    @Mixin
    HostOptionsMixin options;

    @Parameters(index = "0", paramLabel = "FULLNAME", description = "The element, e.g. caches.Default.")
    String fullName;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Time limit of the whole test. Default: ${DEFAULT-VALUE}.")
    double timeoutSeconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!(timeoutSeconds > 0) || timeoutSeconds > 3600) {
            throw new ParameterException(spec.commandLine(), "--timeout must be between 0 and 3600 seconds");
        }
        StartupTrace.mark("command line parsed");
        PrintWriter out = spec.commandLine().getOut();
        try (Host host = Host.open(options.hostOptions())) {
            ConnectionTestResult result = host.testElement(fullName, Duration.ofMillis(Math.round(timeoutSeconds * 1000)));
            StartupTrace.mark("tested " + fullName);
            if (json) {
                Json.print(out, result);
            } else {
                print(out, result);
            }
            return result.success() ? DevportalCli.OK : DevportalCli.FAILED;
        }
    }

    private void print(PrintWriter out, ConnectionTestResult result) {
        out.println(fullName + ": " + (result.success() ? "OK" : "FAILED (" + result.code() + ")") + " in "
                + result.latencyMs() + " ms");
        out.println("  " + result.message());
        if (!result.steps().isEmpty()) {
            Table table = new Table("  STEP", "OUTCOME", "LATENCY", "EXPLANATION");
            for (TestStep step : result.steps()) {
                table.row("  " + step.name(), step.outcome().name(), step.latencyMs() + " ms", step.explanation());
            }
            out.println();
            table.print(out);
        }
        if (!result.details().isEmpty()) {
            out.println();
            out.println("  Details:");
            result.details().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                    .forEach(e -> out.println("    " + e.getKey() + ": " + e.getValue()));
        }
    }
}
