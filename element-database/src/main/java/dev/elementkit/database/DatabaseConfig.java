package dev.elementkit.database;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.elementkit.platform.config.CrossFieldValidation;
import dev.elementkit.platform.config.DefaultValue;
import dev.elementkit.platform.config.FieldError;
import dev.elementkit.platform.config.Help;
import dev.elementkit.platform.config.Label;
import dev.elementkit.platform.config.Secret;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.List;

/**
 * Configuration of a {@code caches.DatabaseType} element, bound from its {@code <Name>.json}: either a JDBC URL or
 * host, port and database, plus the user, password (a secret) and the cache table.
 */
public record DatabaseConfig(
        @Label("Database kind") @Help("postgresql or mariadb (MariaDB's driver also speaks to MySQL). Taken from the "
                + "JDBC URL when one is given.")
        @DefaultValue("\"postgresql\"") @NotNull
        DatabaseKind kind,

        @Label("JDBC URL") @Help("e.g. jdbc:postgresql://10.0.0.5:5432/app or jdbc:mariadb://10.0.0.5:3306/app. "
                + "Replaces host, port and database; keep the password out of it (use the password field).")
        @Pattern(regexp = "jdbc:(postgresql|mariadb|mysql)://.+", message = "must start with jdbc:postgresql://, "
                + "jdbc:mariadb:// or jdbc:mysql://")
        String url,

        @Label("Host") @Help("The database server's host name or IP address.")
        String host,

        @Label("Port") @Help("Empty: 5432 for PostgreSQL, 3306 for MariaDB.") @Min(1) @Max(65535)
        Integer port,

        @Label("Database") @Help("The database (catalog) holding the cache table.")
        String database,

        @Label("User") @Help("The database user; it needs to create the table once, then read and write it.")
        String user,

        @Label("Password") @Help("Use a {{VARIABLE}} so that the password stays out of the app's files.")
        Secret password,

        @Label("Table") @Help("The cache table, created on first use with an index on the expiry column. Several "
                + "hosts pointing at the same table share the cache. Optionally schema-qualified (schema.table).")
        @DefaultValue("\"elementkit_cache\"") @NotNull
        @Pattern(regexp = "([A-Za-z_][A-Za-z0-9_]{0,62}\\.)?[A-Za-z_][A-Za-z0-9_]{0,62}",
                message = "must be a plain table name (letters, digits, _), optionally schema.table")
        String table,

        @Label("UNLOGGED table (PostgreSQL)") @Help("Create the table UNLOGGED: writes skip the write-ahead log, "
                + "so they are faster, but the table is NOT crash-safe (PostgreSQL empties it after a crash) and "
                + "is not replicated. Fine for a cache. Applies when the table is created.")
        @DefaultValue("false") @NotNull
        Boolean unlogged,

        @JsonProperty("pool_size") @Label("Connections") @Help("Most connections the pool opens to the database.")
        @DefaultValue("10") @NotNull @Min(1) @Max(200)
        Integer poolSize,

        @JsonProperty("connect_timeout") @Label("Connect timeout (s)")
        @Help("Seconds to wait for a connection (a new one, or a free one from the pool) before a call fails.")
        @DefaultValue("5") @NotNull @Min(1) @Max(600)
        Integer connectTimeout,

        @JsonProperty("sweep_interval_seconds") @Label("Expired-entry sweep interval (s)")
        @Help("How often expired rows are deleted in the background. Reads never return an expired row.")
        @DefaultValue("60") @NotNull @Min(1) @Max(86_400)
        Integer sweepIntervalSeconds) implements CrossFieldValidation {

    /** The table name when none is configured. */
    public static final String DEFAULT_TABLE = "elementkit_cache";

    @Override
    public List<FieldError> crossFieldErrors() {
        List<FieldError> errors = new ArrayList<>();
        boolean hasUrl = url != null && !url.isBlank();
        if (!hasUrl && (host == null || host.isBlank())) {
            errors.add(new FieldError("host", "is required when no JDBC url is given (e.g. 127.0.0.1)"));
        }
        if (!hasUrl && (database == null || database.isBlank())) {
            errors.add(new FieldError("database", "is required when no JDBC url is given"));
        }
        if (hasUrl && url.contains("password=")) {
            errors.add(new FieldError("url", "must not hold the password: put it in the password field as a "
                    + "{{VARIABLE}}"));
        }
        if (Boolean.TRUE.equals(unlogged) && effectiveKind() != DatabaseKind.POSTGRESQL) {
            errors.add(new FieldError("unlogged", "is a PostgreSQL feature; leave it false for MariaDB"));
        }
        return errors;
    }

    /** The kind the URL names, else the configured one. */
    DatabaseKind effectiveKind() {
        if (url != null && !url.isBlank()) {
            return url.startsWith("jdbc:postgresql:") ? DatabaseKind.POSTGRESQL : DatabaseKind.MARIADB;
        }
        return kind;
    }
}
