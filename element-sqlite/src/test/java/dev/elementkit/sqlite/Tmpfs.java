package dev.elementkit.sqlite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted for one test: the only way to make a file system really full, or really read-only for a
 * root process (root ignores file modes). Needs the right to mount (CI runs as root); outside CI a test without it
 * is skipped loudly, in CI it fails.
 */
final class Tmpfs implements AutoCloseable {

    private final Path mountPoint;

    private Tmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs of {@code kilobytes} on a new temp folder. */
    static Tmpfs mount(int kilobytes) throws IOException {
        Path mountPoint = Files.createTempDirectory("elementkit-tmpfs-");
        String failure = run("mount", "-t", "tmpfs", "-o", "size=" + kilobytes + "k", "tmpfs", mountPoint.toString());
        if (failure != null) {
            Files.deleteIfExists(mountPoint);
            String message = "*** cannot mount a tmpfs (" + failure + "): disk-full and read-only tests need root ***";
            if (System.getenv("CI") != null) {
                throw new IllegalStateException(message + " — required in CI");
            }
            System.err.println(message + " — SKIPPING");
            Assumptions.abort(message);
        }
        return new Tmpfs(mountPoint);
    }

    Path root() {
        return mountPoint;
    }

    void readOnly(boolean readOnly) {
        String failure = run("mount", "-o", "remount," + (readOnly ? "ro" : "rw"), mountPoint.toString());
        if (failure != null) {
            throw new IllegalStateException("cannot remount " + mountPoint + ": " + failure);
        }
    }

    @Override
    public void close() throws IOException {
        String failure = run("umount", "-l", mountPoint.toString());
        if (failure != null) {
            throw new IllegalStateException("cannot unmount " + mountPoint + ": " + failure);
        }
        Files.deleteIfExists(mountPoint);
    }

    /** Runs a command; null when it succeeded, else what went wrong. */
    private static String run(String... command) {
        List<String> line = new ArrayList<>(List.of(command));
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return String.join(" ", line) + " did not finish in 10 s";
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.exitValue() == 0 ? null : String.join(" ", line) + ": " + output;
        } catch (IOException e) {
            return e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
