package dev.elementkit.database;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * The database servers this kind of machine runs on loopback (PostgreSQL 5432, user postgres with trust auth;
 * MariaDB 3306, root without password; `.ci/run` starts them when they are not answering), with tables of a test's
 * own: each test class creates {@code ek_<random>} through the plugin and drops it afterwards, never touching
 * anything it did not create.
 */
enum TestDatabase {
    POSTGRESQL("postgresql", "jdbc:postgresql://127.0.0.1:5432/test", "postgres", 5432),
    MARIADB("mariadb", "jdbc:mariadb://127.0.0.1:3306/test", "root", 3306);

    final String kind;
    final String url;
    final String user;
    final int port;

    TestDatabase(String kind, String url, String user, int port) {
        this.kind = kind;
        this.url = url;
        this.user = user;
        this.port = port;
    }

    /** A table name no other test uses. */
    static String newTable() {
        return "ek_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** An element configuration (as its JSON file would hold) on {@code table}. */
    Map<String, Object> config(String table) {
        Map<String, Object> config = new HashMap<>();
        config.put("kind", kind);
        config.put("host", "127.0.0.1");
        config.put("port", port);
        config.put("database", "test");
        config.put("user", user);
        config.put("table", table);
        return config;
    }

    /**
     * A plain JDBC connection for checking what the plugin wrote, as psql or mariadb would. The driver is made
     * directly: DriverManager remembers the drivers of whichever context class loader first asked, which in these
     * tests may be a plugin's.
     */
    Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        Driver driver = this == POSTGRESQL ? new org.postgresql.Driver() : new org.mariadb.jdbc.Driver();
        return driver.connect(url, properties);
    }

    void dropTable(String table) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + table);
        }
    }
}
