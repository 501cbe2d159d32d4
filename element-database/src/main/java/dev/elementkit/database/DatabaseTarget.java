package dev.elementkit.database;

import dev.elementkit.platform.config.Secret;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.mariadb.jdbc.MariaDbDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One cache table in one database, with the settings its connections get: the key under which elements configured
 * alike share one pool in a process. Hosts with equal targets share the table itself.
 *
 * @param kind          PostgreSQL or MariaDB
 * @param jdbcUrl       where to connect; never holds the password
 * @param user          the database user, or null for the driver's default
 * @param password      the password, or null
 * @param table         the cache table, possibly schema-qualified
 * @param unlogged      create the table UNLOGGED (PostgreSQL)
 * @param poolSize      most connections in the pool
 * @param connectTimeout how long a call waits for a connection
 * @param sweepInterval how often expired rows are deleted
 */
record DatabaseTarget(DatabaseKind kind, String jdbcUrl, String user, Secret password, String table, boolean unlogged,
                      int poolSize, Duration connectTimeout, Duration sweepInterval) {

    DatabaseTarget {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(table, "table");
    }

    static DatabaseTarget of(DatabaseConfig config) {
        DatabaseKind kind = config.effectiveKind();
        String url;
        if (config.url() != null && !config.url().isBlank()) {
            // MariaDB's driver takes jdbc:mysql: only with an extra flag; the scheme is the only difference.
            url = config.url().trim().replaceFirst("^jdbc:mysql:", "jdbc:mariadb:");
        } else {
            int port = config.port() == null ? kind.defaultPort() : config.port();
            url = "jdbc:" + (kind == DatabaseKind.POSTGRESQL ? "postgresql" : "mariadb") + "://"
                    + config.host().trim() + ":" + port + "/" + config.database().trim();
        }
        String user = config.user() == null || config.user().isBlank() ? null : config.user().trim();
        Secret password = config.password() == null || config.password().isEmpty() ? null : config.password();
        return new DatabaseTarget(kind, url, user, password, config.table(), config.unlogged(), config.poolSize(),
                Duration.ofSeconds(config.connectTimeout()), Duration.ofSeconds(config.sweepIntervalSeconds()));
    }

    /** For messages: the kind, address and table, without parameters or credentials. */
    String where() {
        String address = jdbcUrl.replaceFirst("^jdbc:[a-z]+://", "").replaceFirst("[?;].*$", "")
                .replaceFirst("^[^@/]*@", "");
        return kind.label() + " " + address + ", table " + table;
    }

    Statements statements() {
        return Statements.of(kind, table, unlogged);
    }

    /**
     * The driver's own data source, made directly (not through {@code DriverManager}, which only sees drivers of
     * the caller's class loader: see DESIGN.md).
     *
     * @param timeout how long opening one connection may take
     */
    DataSource dataSource(Duration timeout) throws SQLException {
        int seconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (timeout.toMillis() + 999) / 1000));
        if (kind == DatabaseKind.POSTGRESQL) {
            PGSimpleDataSource source = new PGSimpleDataSource();
            source.setURL(jdbcUrl);
            if (user != null) {
                source.setUser(user);
            }
            if (password != null) {
                source.setPassword(password.reveal());
            }
            source.setConnectTimeout(seconds);
            source.setLoginTimeout(seconds);
            source.setApplicationName("elementkit-cache");
            return source;
        }
        // useAffectedRows: an upsert that changed nothing reports 0 rows, which add() relies on.
        String url = jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "useAffectedRows=true&connectTimeout="
                + seconds * 1000;
        MariaDbDataSource source = new MariaDbDataSource(url);
        if (user != null) {
            source.setUser(user);
        }
        if (password != null) {
            source.setPassword(password.reveal());
        }
        source.setLoginTimeout(seconds);
        return source;
    }

    @Override
    public String toString() {
        return "DatabaseTarget[" + where() + "]";
    }
}
