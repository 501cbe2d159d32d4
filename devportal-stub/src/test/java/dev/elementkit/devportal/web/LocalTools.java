package dev.elementkit.devportal.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Free ports and installed programs, with the team's rule for a missing one: skip loudly, but never in CI. */
final class LocalTools {

    private LocalTools() {
    }

    /** A loopback port nothing listens on (at the moment of asking). */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The program at {@code path}; when it is missing the test is skipped with a loud message, except with
     * {@code CI=true}, where it fails.
     */
    static Path require(String path, String debianPackage) {
        Path program = Path.of(path);
        if (Files.isExecutable(program)) {
            return program;
        }
        String message = path + " is missing: install the Debian package " + debianPackage + " (.ci/run does)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError("CI=true and " + message);
        }
        System.err.println("\n*** SKIPPED: " + message + " ***\n");
        Assumptions.abort(message);
        return program;
    }
}
