package dev.elementkit.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.elementkit.cache.tck.FaultRounds;
import dev.elementkit.cache.tck.PluginHarness;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * kill -9 of a process writing from 4 threads through the plugin JAR, and from 16 (whose writes the group commit puts
 * in shared transactions, each caller released only after the commit holding its write): every write it
 * acknowledged is in the file,
 * every counter holds its last acknowledged value (or one more: the incr in flight at the kill may have committed
 * before its answer was printed), and {@code PRAGMA integrity_check} is ok. Rounds accumulate on one file, so later
 * rounds also open a file whose last writer was killed.
 */
@Tag(FaultRounds.TAG)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KillDuringWritesIT {

    private static final int ACKNOWLEDGED_BEFORE_KILL = 2000;

    @TempDir
    Path appRoot;

    @ParameterizedTest(name = "{0} threads")
    @ValueSource(ints = {4, 16})
    void acknowledgedWritesSurviveAKill9OfAMultiThreadedWriter(int threads) throws Exception {
        long acknowledgedTotal = 0;
        for (int round = 1; round <= FaultRounds.rounds(); round++) {
            String prefix = threads + "t" + round + "r:";
            List<String> acknowledged = killWhileWriting(prefix, threads);
            assertTrue(acknowledged.size() >= ACKNOWLEDGED_BEFORE_KILL, "only " + acknowledged.size() + " acknowledged");
            long lost = 0;
            Map<String, Long> lastCount = new HashMap<>();
            try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + appRoot.resolve(WriterProcess.FILE));
                 PreparedStatement read = raw.prepareStatement("SELECT value FROM cache_entries WHERE key = ?")) {
                for (String line : acknowledged) {
                    String[] parts = line.split(" ");
                    if (parts[0].equals("set")) {
                        read.setString(1, WriterProcess.APP_ID + ":" + parts[1]);
                        try (ResultSet rows = read.executeQuery()) {
                            lost += rows.next() ? 0 : 1;
                        }
                    } else if (parts[0].equals("incr")) {
                        lastCount.merge(parts[1], Long.parseLong(parts[2]), Math::max);
                    }
                }
                long doubled = 0;
                for (Map.Entry<String, Long> counter : lastCount.entrySet()) {
                    read.setString(1, WriterProcess.APP_ID + ":" + counter.getKey());
                    try (ResultSet rows = read.executeQuery()) {
                        assertTrue(rows.next(), "counter " + counter.getKey() + " lost");
                        long stored = rows.getLong(1);
                        assertTrue(stored >= counter.getValue(), counter.getKey() + " went back from "
                                + counter.getValue() + " to " + stored);
                        doubled += Math.max(0, stored - counter.getValue() - 1);
                    }
                }
                try (Statement statement = raw.createStatement();
                     ResultSet check = statement.executeQuery("PRAGMA integrity_check")) {
                    assertTrue(check.next());
                    assertEquals("ok", check.getString(1));
                }
                assertEquals(0, lost, "acknowledged writes lost in round " + round);
                assertEquals(0, doubled, "counters beyond their last acknowledged value + 1 in round " + round);
            }
            acknowledgedTotal += acknowledged.size();
            System.out.printf("fault sqlite kill-9 (%d threads) round %d: %d calls acknowledged, 0 lost, 0 doubled, "
                    + "integrity_check ok%n", threads, round, acknowledged.size());
        }
        System.out.printf("fault sqlite kill-9 (%d threads): %d rounds, %d acknowledged calls, 0 lost%n", threads,
                FaultRounds.rounds(), acknowledgedTotal);
    }

    /** Starts the writer, kills it (SIGKILL) once it acknowledged enough, and returns every line it printed. */
    private List<String> killWhileWriting(String prefix, int threads) throws Exception {
        Process writer = new ProcessBuilder(javaBinary(),
                "-D" + PluginHarness.PLUGINS_DIR_PROPERTY + "=" + PluginHarness.builtPluginsDir(),
                "-cp", System.getProperty("java.class.path"),
                WriterProcess.class.getName(), appRoot.toString(), prefix, String.valueOf(threads))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        List<String> acknowledged = new CopyOnWriteArrayList<>();
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!line.equals("ready")) {
                    acknowledged.add(line);
                }
                if (acknowledged.size() == ACKNOWLEDGED_BEFORE_KILL) {
                    // SIGKILL: no shutdown hook, no close, mid-statement. Through the handle, which (unlike
                    // Process.destroyForcibly) leaves the pipe open, so the lines already printed are still read.
                    writer.toHandle().destroyForcibly();
                }
            }
            assertTrue(writer.waitFor(1, TimeUnit.MINUTES), "the killed writer did not exit");
        } finally {
            writer.destroyForcibly();
        }
        assertEquals(137, writer.exitValue(), "the writer ended otherwise than by SIGKILL: see its stderr above");
        return acknowledged;
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java" + (File.separatorChar == '\\' ? ".exe" : ""))
                .toString();
    }
}
