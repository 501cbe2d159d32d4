package dev.elementkit.database;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The database servers the plugin bundles a driver for, as written in the element's configuration. */
public enum DatabaseKind {
    @JsonProperty("postgresql")
    POSTGRESQL("PostgreSQL", 5432),
    @JsonProperty("mariadb")
    MARIADB("MariaDB", 3306);

    private final String label;
    private final int defaultPort;

    DatabaseKind(String label, int defaultPort) {
        this.label = label;
        this.defaultPort = defaultPort;
    }

    String label() {
        return label;
    }

    int defaultPort() {
        return defaultPort;
    }
}
