package dev.elementkit.database;

import org.junit.jupiter.api.AfterAll;

/** The cache contract on the machine's MariaDB. */
class MariaDbCacheIT extends DatabaseCacheContract {

    @AfterAll
    static void dropTable() throws Exception {
        TestDatabase.MARIADB.dropTable(table);
    }

    @Override
    TestDatabase database() {
        return TestDatabase.MARIADB;
    }
}
