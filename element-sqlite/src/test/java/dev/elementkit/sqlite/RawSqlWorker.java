package dev.elementkit.sqlite;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;

/**
 * Runs one SQL statement on a cache file in a process of its own, as another program on the machine would, and
 * prints the first column of the first row (or nothing). Why a process: two copies of SQLite in one JVM (the
 * test's and the plugin's, each in its own class loader) do not share their POSIX lock bookkeeping, so closing one
 * copy's connection drops the other's locks and it then reads a short WAL ("disk I/O error").
 *
 * <p>Arguments: database file, statement, parameters.
 */
public final class RawSqlWorker {

    private RawSqlWorker() {
    }

    public static void main(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + args[0]);
             PreparedStatement statement = connection.prepareStatement(args[1])) {
            for (int i = 2; i < args.length; i++) {
                statement.setString(i - 1, args[i]);
            }
            if (statement.execute()) {
                try (ResultSet rows = statement.getResultSet()) {
                    if (rows.next()) {
                        System.out.print(rows.getString(1));
                    }
                }
            }
        }
    }

    /** Runs the statement in a new JVM with this test class path; its printed answer, null when it printed none. */
    static String run(Path file, String sql, String... parameters) throws IOException, InterruptedException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RawSqlWorker.class.getName(), file.toString(), sql));
        command.addAll(java.util.List.of(parameters));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("the SQL worker failed on: " + sql);
        }
        return out.isEmpty() ? null : out;
    }
}
