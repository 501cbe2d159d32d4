package dev.elementkit.devportal.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Real programs the tests use as second clients ({@code redis-cli}, {@code sqlite3}, {@code curl}), with the team's
 * rule for a missing one: skip loudly, but never in CI.
 */
public final class Programs {

    private Programs() {
    }

    /** The program's path; when it is missing the test is skipped with a loud message, except with CI=true. */
    public static String require(String name, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        String message = name + " is missing: install the Debian package " + debianPackage + " (.ci/run does)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true and " + message);
        }
        System.err.println("\n*** SKIPPED: " + message + " ***\n");
        Assumptions.abort(message);
        return name;
    }

    /** Runs the command and returns its standard output without the final newline; fails on a non-zero exit. */
    public static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not finish within 30 s");
        }
        String text = new String(output, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new AssertionError(command + " exited with " + process.exitValue() + ": " + text);
        }
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    /** {@code redis-cli} against the machine's Redis on 127.0.0.1:6379, database 0. */
    static String redisCli(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(require("redis-cli", "redis-tools"), "-h", "127.0.0.1", "-p",
                "6379", "-n", "0", "--no-raw"));
        command.addAll(List.of(args));
        return run(command);
    }
}
