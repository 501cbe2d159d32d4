package dev.elementkit.sqlite;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.elementkit.platform.config.DefaultValue;
import dev.elementkit.platform.config.Help;
import dev.elementkit.platform.config.Label;
import dev.elementkit.platform.element.ElementContext;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Configuration of a {@code caches.SqliteType} element, bound from its {@code <Name>.json}.
 *
 * @param directory            the database file (the reference platform's name for it), relative to the app root
 *                             or absolute; missing folders are created; empty: {@code appData/caches/<Name>/sqlite.db}
 * @param busyTimeoutMs        how long a write waits for another writer (another thread or process) before it
 *                             fails
 * @param sweepIntervalSeconds how often expired rows are deleted in the background
 */
public record SqliteConfig(
        @Label("Database file")
        @Help("Path of the SQLite database file, relative to the app folder or absolute. Missing folders are "
                + "created. Empty: appData/caches/<Name>/sqlite.db, the element's own file.")
        String directory,

        @JsonProperty("busy_timeout_ms")
        @Min(100)
        @Max(600_000)
        @DefaultValue("10000")
        @Label("Busy timeout (ms)")
        @Help("How long a write waits while another thread or process is writing the same file before it fails.")
        int busyTimeoutMs,

        @JsonProperty("sweep_interval_seconds")
        @Min(1)
        @Max(86_400)
        @DefaultValue("60")
        @Label("Expired-entry sweep interval (s)")
        @Help("How often expired entries are deleted from the file in the background. Reads never return an "
                + "expired entry, whatever this is.")
        int sweepIntervalSeconds) {

    /** Where an element keeps its file when {@code directory} is empty: a folder per element, as the reference platform. */
    static String defaultDirectory(ElementContext context) {
        String name = context.fullName().substring(context.fullName().lastIndexOf('.') + 1);
        return "appData/caches/" + name + "/sqlite.db";
    }

    /** The configured file, or the element's default one. */
    String directoryOf(ElementContext context) {
        return directory == null || directory.isBlank() ? defaultDirectory(context) : directory.trim();
    }
}
